package io.began.service.jobs;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The last outcome of each background job of a service (a classifier's training, the evaluation of a run's
 * checkpoints, the loading of a run's checkpoints, a checkpoint upload): what {@code ./began status}, the dashboard
 * and {@code /q/health/well} show, so a job that fails is never silent. A failure is logged at ERROR with its cause.
 */
@ApplicationScoped
public class BackgroundJobs {

    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class);

    public enum State {
        RUNNING,
        OK,
        FAILED
    }

    /** A job's last outcome: {@code detail} says what it did, or why it failed. */
    public record Outcome(String job, State state, String detail, Instant time) {}

    private final Map<String, Outcome> jobs = new ConcurrentHashMap<>();

    public void running(String job, String detail) {
        jobs.put(job, new Outcome(job, State.RUNNING, detail, Instant.now()));
    }

    public void succeeded(String job, String detail) {
        jobs.put(job, new Outcome(job, State.OK, detail, Instant.now()));
    }

    /** Records and logs (ERROR, with the stack trace of {@code cause}) that {@code job} failed. */
    public void failed(String job, String reason, Throwable cause) {
        LOG.errorf(cause, "%s failed: %s", job, reason);
        jobs.put(job, new Outcome(job, State.FAILED, reason, Instant.now()));
    }

    public List<Outcome> all() {
        return jobs.values().stream().sorted(Comparator.comparing(Outcome::job)).toList();
    }

    public List<Outcome> failures() {
        return all().stream().filter(o -> o.state() == State.FAILED).toList();
    }

    /**
     * A cause in one line for a person: the message of an exception of ours, the class too for an error from below
     * (a NoClassDefFoundError's message alone, a class name, says nothing).
     */
    public static String reason(Throwable t) {
        String message = t.getMessage();
        if (message == null || message.isBlank()) {
            return t.getClass().getName();
        }
        return t instanceof RuntimeException && !(t instanceof NullPointerException)
                ? message
                : t.getClass().getSimpleName() + ": " + message;
    }
}
