package io.began.core.evaluation;

/** What a feature extractor gives per image: class logits (for IS) and a feature vector (for FID), one row each. */
public record Features(double[][] logits, double[][] features) {}
