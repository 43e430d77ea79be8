package io.began.sampler.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.model.DeviceChoice;
import io.began.core.model.GeneratorKind;
import io.began.core.model.Precision;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sampler's settings as its application.properties ships them, and a bad value refused with its key's name. */
class SamplerConfigTest {

    private static SamplerConfig read(Map<String, String> overrides) {
        try {
            return new SmallRyeConfigBuilder()
                    .addDefaultInterceptors()
                    .addSystemSources()
                    .withSources(new PropertiesConfigSource(
                            SamplerConfigTest.class.getResource("/application.properties"), 100))
                    .withSources(new PropertiesConfigSource(overrides, "overrides", 200))
                    .withMapping(SamplerConfig.class)
                    .build()
                    .getConfigMapping(SamplerConfig.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theShippedFileMapsEveryKey() {
        SamplerConfig config = read(Map.of());
        assertEquals(DeviceChoice.AUTO, config.device());
        assertEquals(Precision.FLOAT32, config.precision());
        assertEquals(GeneratorKind.RAW, config.generator());
        assertEquals(4, config.concurrentPasses());
        assertEquals(8, config.cacheSize());
        assertEquals(300, config.reconstructionSteps());
        assertEquals(0.05, config.reconstructionLr());
        assertTrue(config.workDir().endsWith("began-sampler"), config.workDir().toString());
    }

    @Test
    void choicesReadAsTheDocsSpellThem() {
        SamplerConfig config = read(Map.of(
                "began.sampler.precision",
                "bfloat16",
                "began.sampler.generator",
                "ema",
                "began.sampler.device",
                "cpu"));
        assertEquals(Precision.BFLOAT16, config.precision());
        assertEquals(GeneratorKind.EMA, config.generator());
        assertEquals(DeviceChoice.CPU, config.device());
    }

    @Test
    void aBadValueFailsNamingItsKey() {
        for (Map.Entry<String, String> bad : Map.of(
                        "began.sampler.precision",
                        "float8",
                        "began.sampler.generator",
                        "average",
                        "began.sampler.device",
                        "tpu",
                        "began.sampler.cache-size",
                        "eight")
                .entrySet()) {
            RuntimeException refused =
                    assertThrows(RuntimeException.class, () -> read(Map.of(bad.getKey(), bad.getValue())));
            assertTrue(refused.getMessage().contains(bad.getKey()), refused.getMessage());
        }
    }
}
