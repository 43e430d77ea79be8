package io.began.sampler.generators;

import io.began.core.model.GeneratorKind;
import io.began.service.api.ApiException;

/** G_ema asked for (by name) from a checkpoint that has none: 404 naming the parameter. */
public class MissingGeneratorException extends ApiException {

    public MissingGeneratorException(String runId, long step) {
        super(
                404,
                "checkpoint " + step + " of run " + runId + " has no " + GeneratorKind.EMA.configName()
                        + " generator (no " + GeneratorKind.EMA.file()
                        + "): its run keeps no G_ema (emaDecay 0) or it was "
                        + "written before checkpoints held one; generator=" + GeneratorKind.RAW.configName()
                        + " draws from G",
                "generator",
                null,
                null);
    }
}
