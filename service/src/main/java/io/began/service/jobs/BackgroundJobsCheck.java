package io.began.service.jobs;

import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/well}: DOWN while the last run of any background job failed, with each job's outcome as data
 * ("FAILED 2026-12-01T10:00:00Z: reason"). A wellness check, not readiness: a failed evaluation is no reason to take
 * the service out of a load balancer or restart it.
 */
@Wellness
@ApplicationScoped
public class BackgroundJobsCheck implements HealthCheck {

    private final BackgroundJobs jobs;

    public BackgroundJobsCheck(BackgroundJobs jobs) {
        this.jobs = jobs;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("background-jobs")
                .status(jobs.failures().isEmpty());
        for (BackgroundJobs.Outcome o : jobs.all()) {
            response.withData(o.job(), o.state() + " " + o.time() + (o.detail() == null ? "" : ": " + o.detail()));
        }
        return response.build();
    }
}
