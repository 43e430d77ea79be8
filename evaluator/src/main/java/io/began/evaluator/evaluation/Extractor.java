package io.began.evaluator.evaluation;

import io.began.core.evaluation.ClassifierInfo;
import io.began.core.evaluation.DomainClassifier;
import io.began.core.evaluation.RealBaseline;

/** A loaded feature extractor with what results record about it and the real-data baseline it scores against. */
public record Extractor(DomainClassifier classifier, ClassifierInfo info, RealBaseline baseline) {
}
