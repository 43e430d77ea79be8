package io.began.trainer.runs;

import io.began.core.events.Events;
import io.began.core.events.RunEvent;
import io.began.core.events.RunId;
import io.began.trainer.training.TrainingWorker;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Run requests from began.runs. The trainers share one consumer group, so each request goes to one of them.
 * Status events on the same topic are skipped; a request that cannot be read fails and goes to the dead-letter
 * topic began.dlq.began.runs with the reason, and the consumer goes on.
 */
@ApplicationScoped
public class RunRequests {

    private static final Logger LOG = Logger.getLogger(RunRequests.class);

    private final RunRegistry registry;
    private final TrainingWorker worker;

    public RunRequests(RunRegistry registry, TrainingWorker worker) {
        this.registry = registry;
        this.worker = worker;
    }

    @Incoming("run-requests")
    @Blocking
    public void onRunEvent(String json) throws Exception {
        RunEvent event = Events.json().readValue(json, RunEvent.class);
        if (!RunEvent.REQUEST.equals(event.type())) {
            return;
        }
        RunId.require(event.runId());
        if (event.config() == null) {
            throw new IllegalArgumentException("run request " + event.runId() + " has no config");
        }
        if (registry.get(event.runId()).isPresent()) {
            LOG.infof("run request %s: already known, skipped (redelivery)", event.runId());
            return;
        }
        registry.create(event.runId(), event.config());
        worker.submit(event.runId(), false);
    }
}
