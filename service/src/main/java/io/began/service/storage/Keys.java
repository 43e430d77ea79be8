package io.began.service.storage;

import io.began.core.checkpoint.CheckpointStore;
import io.began.core.train.LocalTraining;

/** Object keys of the bucket layout (DESIGN.md), the one place the services spell them. */
public final class Keys {

    public static final String RUNS = "runs/";
    public static final String SWEEPS = "sweeps/";
    public static final String CLASSIFIERS = "classifiers/";
    /** What follows the step in a discriminator view's name (beside the step's preview grid). */
    public static final String DISCRIMINATOR_VIEW_SUFFIX = LocalTraining.DISCRIMINATOR_VIEW_SUFFIX;

    private Keys() {}

    /** Everything of one run: run.json, checkpoints, samples, evaluations. */
    public static String runPrefix(String runId) {
        return RUNS + runId + "/";
    }

    public static String run(String runId) {
        return runPrefix(runId) + "run.json";
    }

    public static String checkpoints(String runId) {
        return runPrefix(runId) + "checkpoints/";
    }

    public static String checkpoint(String runId, long step) {
        return checkpoints(runId) + CheckpointStore.stepName(step) + "/";
    }

    public static String samples(String runId, long step) {
        return runPrefix(runId) + "samples/" + CheckpointStore.stepName(step) + ".png";
    }

    /** The discriminator's view of a checkpoint's step: real images beside D(x), G(z) beside D(G(z)). */
    public static String discriminatorView(String runId, long step) {
        return runPrefix(runId) + "samples/" + CheckpointStore.stepName(step) + DISCRIMINATOR_VIEW_SUFFIX;
    }

    public static String evaluation(String runId, long step) {
        return runPrefix(runId) + "evaluations/" + CheckpointStore.stepName(step) + ".json";
    }

    public static String sweep(String sweepId) {
        return SWEEPS + sweepId + "/sweep.json";
    }

    /** A trained domain classifier: its parameters, classifier.json and the real data's baseline. */
    public static String classifier(String name) {
        return CLASSIFIERS + name + "/";
    }

    /** The last path segment of a "folder" key such as {@code runs/abc/}: {@code abc}. */
    public static String folderName(String prefix) {
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }
}
