package io.began.sampler;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.began.core.events.Events;
import io.began.service.storage.Keys;
import io.began.testing.KafkaAndS3;
import io.began.testing.TinyRun;
import io.minio.PutObjectArgs;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code discriminator.png}: the trainer's view of a checkpoint, served byte for byte from the bucket for a pinned,
 * the newest or (once announced) the best checkpoint; a 404 naming the view where a checkpoint has none. The OpenAPI
 * document describes it and the new parameters.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaAndS3.class, restrictToAnnotatedClass = false)
class DiscriminatorViewTest {

    private static final String RUN = "view-1";

    private static Response view(String query) {
        return given().get("/api/runs/" + RUN + "/discriminator.png" + query);
    }

    /** A PNG put where the trainer puts the view of {@code step}. */
    private static byte[] store(long step, long seed) throws Exception {
        byte[] png = given().get("/api/runs/" + RUN + "/samples.png?n=4&seed=" + seed + "&checkpoint=" + step)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        TinyRun.s3()
                .putObject(PutObjectArgs.builder().bucket("began").object(Keys.discriminatorView(RUN, step)).stream(
                                new ByteArrayInputStream(png), png.length, -1)
                        .contentType("image/png")
                        .build());
        return png;
    }

    @Test
    void theTrainersViewIsServedAsStoredAndA404NamesAMissingOne() throws Exception {
        try (TinyRun run = new TinyRun(RUN)) {
            long first = run.train(5);
            run.upload(first);
            long second = run.train(5);
            run.upload(second);
            byte[] firstView = store(first, 1);

            Response pinned = view("?checkpoint=" + first);
            pinned.then()
                    .statusCode(200)
                    .contentType("image/png")
                    .header("X-Began-Step", String.valueOf(first))
                    .header("X-Began-Generator", "raw")
                    .header("Cache-Control", "max-age=86400");
            assertArrayEquals(firstView, pinned.asByteArray(), "the stored bytes");
            assertArrayEquals(
                    firstView,
                    view("?step=" + first).then().statusCode(200).extract().asByteArray());

            // the newest checkpoint has no view (as one written before the trainer rendered them)
            view("").then()
                    .statusCode(404)
                    .contentType("application/json")
                    .body("error", containsString(Keys.discriminatorView(RUN, second)));
            byte[] secondView = store(second, 2);
            Response latest = view("?checkpoint=latest");
            latest.then()
                    .statusCode(200)
                    .header("X-Began-Step", String.valueOf(second))
                    .header("Cache-Control", "no-store");
            assertArrayEquals(secondView, latest.asByteArray());

            view("?checkpoint=best").then().statusCode(409).body("field", equalTo("checkpoint"));
            view("?checkpoint=middle").then().statusCode(400).body("field", equalTo("checkpoint"));
            view("?checkpoint=latest&step=" + first).then().statusCode(400).body("field", equalTo("checkpoint"));
            given().get("/api/runs/nobody-view/discriminator.png?checkpoint=5")
                    .then()
                    .statusCode(404)
                    .body("error", containsString("no run"));
            given().get("/api/runs/Bad_Run/discriminator.png")
                    .then()
                    .statusCode(400)
                    .body("field", equalTo("runId"));
        }
    }

    @Test
    void theOpenApiDocumentDescribesTheViewAndTheNewParameters() throws Exception {
        JsonNode paths = Events.json()
                .readTree(given().get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .path("paths");
        JsonNode view = paths.path("/api/runs/{id}/discriminator.png").path("get");
        assertFalse(view.isMissingNode(), "discriminator.png is documented");
        assertTrue(parameters(view).containsAll(List.of("checkpoint", "step")), "its parameters: " + view);
        assertTrue(view.path("responses").has("200") && view.path("responses").has("404"), view.toString());
        for (String path : List.of("samples.png", "interpolation.png", "checkpoint")) {
            JsonNode operation = paths.path("/api/runs/{id}/" + path).path("get");
            assertTrue(
                    parameters(operation).containsAll(List.of("checkpoint", "step", "generator")),
                    path + ": " + operation);
            assertTrue(
                    operation.path("responses").has("200")
                            && operation.path("responses").has("409"),
                    path + ": " + operation.path("responses"));
        }
        JsonNode reconstruction =
                paths.path("/api/runs/{id}/reconstruction.png").path("post");
        assertTrue(
                parameters(reconstruction).containsAll(List.of("checkpoint", "generator"))
                        && reconstruction.path("responses").has("200"),
                reconstruction.toString());
    }

    private static List<String> parameters(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }
}
