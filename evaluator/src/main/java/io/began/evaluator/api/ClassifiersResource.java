package io.began.evaluator.api;

import io.began.core.evaluation.ClassifierInfo;
import io.began.evaluator.evaluation.Extractors;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The domain classifiers: {@code POST /api/classifiers {"dataset","imageSize","channels"}} prepares one ahead of the
 * first checkpoint (trains and stores it when the bucket has none; 202, it takes minutes), {@code GET} lists the
 * loaded ones with their test accuracy and sha256.
 */
@Path("/api/classifiers")
public class ClassifiersResource {

    /** The body of a POST. */
    public record Request(String dataset, Integer imageSize, Integer channels) {
    }

    private final Extractors extractors;
    private final ExecutorService training = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "began-classifier-training");
        t.setDaemon(true);
        return t;
    });

    public ClassifiersResource(Extractors extractors) {
        this.extractors = extractors;
    }

    @GET
    public Map<String, ClassifierInfo> list() {
        return extractors.infos();
    }

    @POST
    public RestResponse<Map<String, String>> prepare(Request request) {
        if (request == null || request.dataset() == null) {
            throw new ApiErrors.BadRequest("send {\"dataset\": \"fashion-mnist\", \"imageSize\": 32, \"channels\": 1}",
                    "dataset");
        }
        String dataset = Extractors.labelled(request.dataset()).orElseThrow(() -> new ApiErrors.BadRequest(
                "a classifier needs a labelled data set: fashion-mnist, mnist or cifar10:DIR, not "
                        + request.dataset(), "dataset"));
        int size = request.imageSize() == null ? 32 : request.imageSize();
        if (size != 32 && size != 64 && size != 128) {
            throw new ApiErrors.BadRequest("imageSize must be 32, 64 or 128, was " + size, "imageSize");
        }
        int channels = request.channels() == null ? 1 : request.channels();
        if (channels != 1 && channels != 3) {
            throw new ApiErrors.BadRequest("channels must be 1 or 3, was " + channels, "channels");
        }
        training.submit(() -> extractors.classifier(request.dataset(), size, channels));
        return RestResponse.ResponseBuilder.<Map<String, String>>create(202)
                .entity(Map.of("classifier", ClassifierInfo.nameOf(dataset, size, channels), "state", "preparing"))
                .build();
    }
}
