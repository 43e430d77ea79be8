package io.began.evaluator;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness of the evaluator, which computes Inception Score and FID per checkpoint and tracks convergence. */
@Liveness
@ApplicationScoped
public class EvaluatorLiveness implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("evaluator")
                .up()
                .withData("port", 8083)
                .build();
    }
}
