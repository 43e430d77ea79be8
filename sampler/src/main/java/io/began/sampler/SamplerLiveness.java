package io.began.sampler;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness of the sampler, which serves images from the latest checkpoint of each run. */
@Liveness
@ApplicationScoped
public class SamplerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sampler").up().withData("port", 8082).build();
    }
}
