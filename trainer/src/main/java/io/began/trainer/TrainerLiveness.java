package io.began.trainer;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness of the trainer, which trains BEGAN and streams metrics and checkpoints. */
@Liveness
@ApplicationScoped
public class TrainerLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("trainer").up().withData("port", 8081).build();
    }
}
