package io.began.trainer.storage;

import io.began.core.checkpoint.CheckpointStore;

/** Object keys of the bucket layout (DESIGN.md). */
public final class Keys {

    private Keys() {
    }

    public static String runs() {
        return "runs/";
    }

    public static String run(String runId) {
        return "runs/" + runId + "/run.json";
    }

    public static String checkpoints(String runId) {
        return "runs/" + runId + "/checkpoints/";
    }

    public static String checkpoint(String runId, long step) {
        return checkpoints(runId) + CheckpointStore.stepName(step) + "/";
    }

    public static String sweeps() {
        return "sweeps/";
    }

    public static String sweep(String sweepId) {
        return "sweeps/" + sweepId + "/sweep.json";
    }

    public static String samples(String runId, long step) {
        return "runs/" + runId + "/samples/" + CheckpointStore.stepName(step) + ".png";
    }
}
