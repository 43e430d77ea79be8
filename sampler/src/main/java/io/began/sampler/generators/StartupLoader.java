package io.began.sampler.generators;

import io.began.sampler.storage.RunArtifacts;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * At start, the newest valid checkpoint of each run in the bucket is loaded (in the background), so the sampler
 * serves at once without replaying began.checkpoints.
 */
@ApplicationScoped
public class StartupLoader {

    private static final Logger LOG = Logger.getLogger(StartupLoader.class);

    void onStart(@Observes StartupEvent event, RunArtifacts artifacts, GeneratorCache cache) {
        new Thread(
                        () -> {
                            try {
                                for (String runId : artifacts.runs()) {
                                    try {
                                        cache.preload(runId);
                                    } catch (NoCheckpointYetException | UnknownRunException e) {
                                        LOG.debugf("run %s: %s", runId, e.getMessage());
                                    }
                                }
                            } catch (RuntimeException e) {
                                LOG.warnf(
                                        "could not look for runs in the bucket at start (%s); runs load on first request",
                                        e.getMessage());
                            }
                        },
                        "sampler-startup")
                .start();
    }
}
