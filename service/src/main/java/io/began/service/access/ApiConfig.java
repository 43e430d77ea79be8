package io.began.service.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who may use a service's HTTP API, {@code began.api.*}: the same keys in the trainer, sampler and evaluator. */
@ConfigMapping(prefix = "began.api")
public interface ApiConfig {

    /** The bearer token of requests that change something (BEGAN_API_TOKEN); never written in a file. */
    Optional<String> token();

    /** Start without a token, the API open to anyone who reaches the port (prod mode refuses otherwise). */
    @WithDefault("false")
    boolean open();

    /** Reads (GET) need the token too. */
    @WithDefault("false")
    boolean protectReads();
}
