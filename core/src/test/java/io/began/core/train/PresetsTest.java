package io.began.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.began.core.events.Events;
import io.began.core.run.InvalidConfigException;
import io.began.core.run.RunConfig;
import org.junit.jupiter.api.Test;

class PresetsTest {

    private static ObjectNode json(String text) throws Exception {
        return (ObjectNode) Events.json().readTree(text);
    }

    @Test
    void aPresetFillsOnlyTheKeysNotGiven() throws Exception {
        ObjectNode settings = Presets.all().get("small-grey").settings();
        RunConfig config = Presets.resolve(json("{\"preset\": \"small-grey\", \"steps\": 123, \"gamma\": 0.3}"));
        assertEquals(123, config.steps());
        assertEquals(0.3, config.gamma(), "an explicit key wins over the preset");
        assertEquals(settings.get("n").asInt(), config.n());
        assertEquals(settings.get("batchSize").asInt(), config.batchSize());
        assertEquals(settings.get("lr").asDouble(), config.lr());
        assertFalse(Presets.apply(json("{\"preset\": \"small-grey\"}")).has(Presets.KEY));
    }

    @Test
    void thePaperPresetIsTheDefaults() throws Exception {
        assertEquals(RunConfig.defaults(), Presets.resolve(json("{\"preset\": \"paper\"}")));
        assertEquals(RunConfig.defaults(), Presets.resolve(json("{}")));
    }

    @Test
    void everyPresetIsAValidConfigAndNamesWhatItIsFor() throws Exception {
        for (Presets.Preset preset : Presets.all().values()) {
            assertTrue(preset.purpose().length() > 20, preset.name());
            Presets.resolve(json("{\"preset\": \"" + preset.name() + "\"}"));
        }
    }

    @Test
    void anUnknownPresetNamesTheKnownOnes() {
        InvalidConfigException e =
                assertThrows(InvalidConfigException.class, () -> Presets.resolve(json("{\"preset\": \"fast\"}")));
        assertEquals("preset", e.field());
        assertTrue(e.getMessage().contains("small-grey") && e.getMessage().contains("'fast'"), e.getMessage());
    }
}
