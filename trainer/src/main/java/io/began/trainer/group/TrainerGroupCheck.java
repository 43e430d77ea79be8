package io.began.trainer.group;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once this replica polls the trainer group (it may hold no partition: more replicas than partitions). */
@Readiness
@ApplicationScoped
public class TrainerGroupCheck implements HealthCheck {

    private final TrainerGroup group;

    public TrainerGroupCheck(TrainerGroup group) {
        this.group = group;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("trainer group")
                .status(group.polling())
                .withData("partitions", group.partitions().toString());
        if (group.failure() != null) {
            response.withData("failure", group.failure());
        }
        return response.build();
    }
}
