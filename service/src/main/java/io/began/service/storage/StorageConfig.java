package io.began.service.storage;

import io.smallrye.config.ConfigMapping;

/** Where runs, checkpoints and samples live, {@code began.storage.*}; the client itself is quarkus.minio.*. */
@ConfigMapping(prefix = "began.storage")
public interface StorageConfig {

    /** The bucket of runs, checkpoints and samples, shared by the three services. */
    String bucket();
}
