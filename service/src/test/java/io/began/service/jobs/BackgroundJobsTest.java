package io.began.service.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BackgroundJobsTest {

    @Test
    void aJobIsFailedUntilItsNextRunSucceeds() {
        BackgroundJobs jobs = new BackgroundJobs();
        jobs.running("classifier a", "training");
        jobs.failed("classifier a", "sha256 does not match", new IllegalStateException("sha256 does not match"));
        jobs.succeeded("evaluation of run r", "step 100");
        assertEquals(
                List.of("classifier a"),
                jobs.failures().stream().map(BackgroundJobs.Outcome::job).toList());
        assertEquals("sha256 does not match", jobs.failures().get(0).detail());

        jobs.succeeded("classifier a", "test accuracy 0.9");
        assertTrue(jobs.failures().isEmpty());
        assertEquals(
                List.of("classifier a", "evaluation of run r"),
                jobs.all().stream().map(BackgroundJobs.Outcome::job).toList());
    }

    @Test
    void aReasonNamesTheErrorClassWhereTheMessageAloneSaysNothing() {
        assertEquals(
                "NoClassDefFoundError: org/slf4j/LoggerFactory",
                BackgroundJobs.reason(new NoClassDefFoundError("org/slf4j/LoggerFactory")));
        assertEquals("bucket down", BackgroundJobs.reason(new IllegalStateException("bucket down")));
        assertEquals("java.lang.NullPointerException", BackgroundJobs.reason(new NullPointerException()));
    }
}
