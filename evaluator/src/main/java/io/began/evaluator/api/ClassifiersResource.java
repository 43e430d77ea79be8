package io.began.evaluator.api;

import io.began.core.evaluation.ClassifierInfo;
import io.began.evaluator.evaluation.ClassifierStatus;
import io.began.evaluator.evaluation.Evaluations;
import io.began.evaluator.evaluation.Extractors;
import io.began.service.api.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * The domain classifiers: {@code POST /api/classifiers {"dataset","imageSize","channels"}} prepares one ahead of the
 * first checkpoint (trains and stores it when the bucket has none; 202, it takes minutes) and, once it is ready,
 * scores again the checkpoints whose scoring had failed; {@code GET} lists each one's state: PREPARING, READY (test
 * accuracy, sha256) or FAILED with the reason.
 */
@Path("/api/classifiers")
public class ClassifiersResource {

    private static final Logger LOG = Logger.getLogger(ClassifiersResource.class);

    /** The body of a POST. */
    public record Request(String dataset, Integer imageSize, Integer channels) {}

    private final Extractors extractors;
    private final Evaluations evaluations;
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "began-classifier-training");
        t.setDaemon(true);
        return t;
    });

    public ClassifiersResource(Extractors extractors, Evaluations evaluations) {
        this.extractors = extractors;
        this.evaluations = evaluations;
    }

    @GET
    public Map<String, ClassifierStatus> list() {
        return extractors.statuses();
    }

    @POST
    public RestResponse<Map<String, String>> prepare(Request request) {
        if (request == null || request.dataset() == null) {
            throw new ApiException.BadRequest(
                    "dataset", "send {\"dataset\": \"fashion-mnist\", \"imageSize\": 32, \"channels\": 1}");
        }
        String dataset = Extractors.labelled(request.dataset())
                .orElseThrow(() -> new ApiException.BadRequest(
                        "dataset",
                        "a classifier needs a labelled data set: fashion-mnist, mnist or cifar10:DIR, not "
                                + request.dataset()));
        int size = request.imageSize() == null ? 32 : request.imageSize();
        if (size != 32 && size != 64 && size != 128) {
            throw new ApiException.BadRequest("imageSize", "imageSize must be 32, 64 or 128, was " + size);
        }
        int channels = request.channels() == null ? 1 : request.channels();
        if (channels != 1 && channels != 3) {
            throw new ApiException.BadRequest("channels", "channels must be 1 or 3, was " + channels);
        }
        training.submit(() -> {
            try {
                extractors.classifier(request.dataset(), size, channels);
            } catch (RuntimeException e) {
                return; // recorded as FAILED and logged at ERROR by Extractors
            }
            int again = evaluations.retryFailed();
            if (again > 0) {
                LOG.infof("classifier ready: scoring %d checkpoint(s) again whose scoring had failed", again);
            }
        });
        return RestResponse.ResponseBuilder.<Map<String, String>>create(202)
                .entity(Map.of("classifier", ClassifierInfo.nameOf(dataset, size, channels), "state", "preparing"))
                .build();
    }

    @PreDestroy
    void stop() {
        training.shutdownNow();
    }
}
