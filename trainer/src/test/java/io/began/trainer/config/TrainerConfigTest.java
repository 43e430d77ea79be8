package io.began.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.began.core.model.DeviceChoice;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trainer's settings as the service reads them, and a bad value refused at boot with its key's name. */
class TrainerConfigTest {

    private static Map<String, String> valid() {
        Map<String, String> values = new HashMap<>();
        values.put("began.trainer.id", "trainer-1");
        values.put("began.trainer.device", "auto");
        values.put("began.trainer.work-dir", "/var/lib/began");
        values.put("began.trainer.group", "began-trainer");
        values.put("began.trainer.session-timeout", "10s");
        values.put("began.trainer.hand-over-timeout", "PT1M");
        return values;
    }

    private static TrainerConfig read(Map<String, String> values) {
        // Quarkus' own duration converter, as the service has it: 10s as well as PT10S
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(TrainerConfig.class)
                .withConverter(Duration.class, 200, new io.quarkus.runtime.configuration.DurationConverter())
                .withSources(new PropertiesConfigSource(values, "test", 100))
                .build();
        return config.getConfigMapping(TrainerConfig.class);
    }

    @Test
    void readsEveryKeyTyped() {
        TrainerConfig config = read(valid());
        assertEquals("trainer-1", config.id());
        assertEquals(DeviceChoice.AUTO, config.device());
        assertEquals("auto", config.device().configName());
        assertEquals(Path.of("/var/lib/began"), config.workDir());
        assertEquals(Duration.ofSeconds(10), config.sessionTimeout(), "10s, as application.properties writes it");
        assertEquals(Duration.ofMinutes(1), config.handOverTimeout());
    }

    @Test
    void aBadValueFailsNamingItsKey() {
        for (Map.Entry<String, String> bad : Map.of(
                        "began.trainer.device", "tpu", "began.trainer.session-timeout", "ten seconds")
                .entrySet()) {
            Map<String, String> values = valid();
            values.put(bad.getKey(), bad.getValue());
            RuntimeException refused = assertThrows(RuntimeException.class, () -> read(values));
            assertTrue(refused.getMessage().contains(bad.getKey()), refused.getMessage());
        }
        Map<String, String> missing = valid();
        missing.remove("began.trainer.group");
        RuntimeException refused = assertThrows(RuntimeException.class, () -> read(missing));
        assertTrue(refused.getMessage().contains("began.trainer.group"), refused.getMessage());
    }
}
