package io.began.service.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

class EngineReadinessTest {

    @Test
    void downWithTheCauseWhenTheEngineCannotBeLoaded() {
        EngineReadiness readiness = new EngineReadiness();
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus(), "not loaded yet");

        // what the evaluator's fast-jar once did: DJL in lib/boot, where slf4j is not
        readiness.load(() -> {
            throw new NoClassDefFoundError("org/slf4j/LoggerFactory");
        });
        HealthCheckResponse response = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(
                "NoClassDefFoundError: org/slf4j/LoggerFactory",
                response.getData().orElseThrow().get("problem"));
    }

    @Test
    void upWithTheVersionOfTheRealEngine() {
        EngineReadiness readiness = new EngineReadiness();
        readiness.load(() -> Engine.getEngine("PyTorch"));
        HealthCheckResponse response = readiness.call();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus(), String.valueOf(response.getData()));
        assertEquals(
                Engine.getEngine("PyTorch").getVersion(),
                response.getData().orElseThrow().get("version"));
    }
}
