package io.began.evaluator.api;

import io.began.service.jobs.BackgroundJobs;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.List;

/**
 * The evaluator's background jobs (each run's scoring, each classifier's preparation) with their last outcome, by
 * name: what the dashboard's Problems list shows. 200 whatever their state: {@code /q/health/well} says the same with
 * 503 while one has failed, for probes, which a page polling it would log as an error every few seconds.
 */
@Path("/api/jobs")
public class JobsResource {

    private final BackgroundJobs jobs;

    public JobsResource(BackgroundJobs jobs) {
        this.jobs = jobs;
    }

    @GET
    public List<BackgroundJobs.Outcome> list() {
        return jobs.all();
    }
}
