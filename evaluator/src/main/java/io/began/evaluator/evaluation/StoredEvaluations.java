package io.began.evaluator.evaluation;

import io.began.core.events.EvaluationEvent;
import io.began.core.events.Events;
import io.began.service.storage.Bucket;
import io.began.service.storage.Keys;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** A run's evaluations as the bucket holds them ({@code runs/{id}/evaluations/*.json}): the record a restart reads. */
@ApplicationScoped
public class StoredEvaluations {

    private static final Logger LOG = Logger.getLogger(StoredEvaluations.class);

    private final Bucket bucket;

    public StoredEvaluations(Bucket bucket) {
        this.bucket = bucket;
    }

    /** Every readable evaluation of the run, in the order they were made (their time, then step). */
    public List<EvaluationEvent> of(String runId) {
        List<EvaluationEvent> found = new ArrayList<>();
        for (String key : bucket.list(folder(runId), true)) {
            if (!key.endsWith(".json")) {
                continue;
            }
            Optional<byte[]> json = bucket.get(key);
            if (json.isEmpty()) {
                continue; // removed since the listing
            }
            try {
                found.add(Events.json().readValue(json.get(), EvaluationEvent.class));
            } catch (IOException e) {
                // the same file makes Evaluations score its checkpoint again; until then it is no candidate
                LOG.warnf("%s is unreadable (%s): left out of the run's best", key, e.getMessage());
            }
        }
        found.sort(Comparator.comparing(EvaluationEvent::time, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingLong(EvaluationEvent::step));
        return found;
    }

    /** The folder of the run's evaluations, from the one place keys are spelt. */
    private static String folder(String runId) {
        String any = Keys.evaluation(runId, 0);
        return any.substring(0, any.lastIndexOf('/') + 1);
    }
}
