package io.began.evaluator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.model.DeviceChoice;
import io.began.core.model.Precision;
import io.began.service.access.ApiConfig;
import io.began.service.storage.StorageConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evaluator's settings as its application.properties ships them, and a bad value refused with its key's name. */
class EvaluatorConfigTest {

    private static EvaluatorConfig read(Map<String, String> overrides) {
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .addSystemSources()
                    .withSources(new PropertiesConfigSource(
                            EvaluatorConfigTest.class.getResource("/application.properties"), 100))
                    .withSources(new PropertiesConfigSource(overrides, "overrides", 200))
                    // with the shared mappings every began.* key in the file must map to one: a misspelt key fails
                    .withMapping(EvaluatorConfig.class)
                    .withMapping(ApiConfig.class)
                    .withMapping(StorageConfig.class)
                    .build()
                    .getConfigMapping(EvaluatorConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theShippedFileMapsEveryKey() {
        EvaluatorConfig config = read(Map.of());
        EvaluatorConfig.Scoring scoring = config.scoring();
        assertTrue(scoring.enabled());
        assertEquals(10_000, scoring.samples());
        assertEquals(EvaluatorConfig.Backlog.NEWEST_FIRST, scoring.backlog());
        assertEquals(EvaluatorConfig.ExtractorChoice.AUTO, scoring.extractor());
        assertEquals(DeviceChoice.AUTO, scoring.device());
        assertEquals(Precision.FLOAT32, scoring.precision());
        assertEquals(1000, config.convergence().window());
        assertEquals(0.5, config.convergence().collapseDrop());
        assertEquals(5000, config.dashboard().historyPoints());
    }

    @Test
    void hyphenatedChoicesReadAsTheDocsSpellThem() {
        EvaluatorConfig.Scoring scoring = read(Map.of(
                        "began.evaluator.backlog",
                        "in-order",
                        "began.evaluator.extractor",
                        "inception-v3",
                        "began.evaluator.precision",
                        "bfloat16"))
                .scoring();
        assertEquals(EvaluatorConfig.Backlog.IN_ORDER, scoring.backlog());
        assertEquals(EvaluatorConfig.ExtractorChoice.INCEPTION_V3, scoring.extractor());
        assertEquals(Precision.BFLOAT16, scoring.precision());
    }

    @Test
    void aBadValueFailsNamingItsKey() {
        for (Map.Entry<String, String> bad : Map.of(
                        "began.evaluator.extractor",
                        "clip",
                        "began.evaluator.backlog",
                        "oldest-first",
                        "began.evaluator.precision",
                        "float16",
                        "began.convergence.window",
                        "a thousand")
                .entrySet()) {
            RuntimeException refused =
                    assertThrows(RuntimeException.class, () -> read(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(refused.getMessage().contains(bad.getKey()), refused.getMessage());
        }
    }
}
