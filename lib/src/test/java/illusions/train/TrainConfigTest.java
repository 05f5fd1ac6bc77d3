package illusions.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    static TrainConfig config(float warmup) {
        return new TrainConfig("adversarial", List.of(1, 1, 1, 1), 4, 32, 1, 1, 80, 10, 8, 4, 0.05f, 0.9f, 5e-4f,
                "cosine", 1f, 3, TrainConfig.defaultStepSize(1f, 3), false, warmup, null, null, null, null, null);
    }

    @Test
    void epsRampsLinearlyOverTheWarmUpThenStaysFull() {
        TrainConfig c = config(2); // 10 steps per epoch: full eps from step 19 on
        assertEquals(10, c.stepsPerEpoch());
        assertEquals(0.05f, c.epsFraction(0), 1e-6);
        assertEquals(0.5f, c.epsFraction(9), 1e-6);
        assertEquals(1f, c.epsFraction(19), 1e-6);
        assertEquals(1f, c.epsFraction(35), 1e-6);
        for (long s = 1; s < 40; s++) assertTrue(c.epsFraction(s) >= c.epsFraction(s - 1));
        assertEquals(1f, config(0).epsFraction(0));
    }

    @Test
    void worldParametersTravelThroughTheCheckpointJson() throws Exception {
        illusions.world.WorldParams w = new illusions.world.WorldParams(32, 0.16, 0.36, 0.5, 1.0, 4, 0.5, 0.15, 0.03, 0.2);
        TrainConfig c = new TrainConfig("adversarial", List.of(1, 1, 1, 1), 4, 32, 1, 1, 80, 10, 8, 4, 0.05f, 0.9f,
                5e-4f, "cosine", 1f, 3, TrainConfig.defaultStepSize(1f, 3), false, 2, w, null, null, null, null);
        var json = illusions.model.ModelCard.json();
        TrainConfig back = json.readValue(json.writeValueAsBytes(c), TrainConfig.class);
        assertEquals(c, back);
        assertEquals(1.0, back.shapeWorldParams().occlusion());
        assertEquals(illusions.world.WorldParams.defaults(32), config(0).shapeWorldParams()); // null means the defaults
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig("standard", List.of(1, 1, 1, 1), 4,
                64, 1, 1, 80, 10, 8, 4, 0.05f, 0.9f, 5e-4f, "cosine", 1f, 3, 0.8f, false, 0, w, null, null, null, null));
        assertTrue(e.getMessage().contains("32 px"), e.getMessage());
    }

    @Test
    void anotherWorldKeepsItsSettingsThroughTheCheckpointJson() throws Exception {
        TrainConfig c = new TrainConfig("standard", List.of(1, 1, 1, 1), 4, 32, 1, 1, 80, 10, 8, 4, 0.05f, 0.9f,
                5e-4f, "cosine", 1f, 3, 0.8f, false, 0, null, "occlusion", null, null, null);
        assertEquals(illusions.world.Worlds.defaultSettings("occlusion", 32), c.worldSettings()); // defaults written down
        var json = illusions.model.ModelCard.json();
        TrainConfig back = json.readValue(json.writeValueAsBytes(c), TrainConfig.class);
        assertEquals(c, back);
        assertEquals("occlusion", back.createWorld().name());
        var bad = new java.util.LinkedHashMap<>(c.worldSettings());
        bad.put("camouflage", 2.0);
        var e = assertThrows(IllegalArgumentException.class, () -> new TrainConfig("standard", List.of(1, 1, 1, 1), 4,
                32, 1, 1, 80, 10, 8, 4, 0.05f, 0.9f, 5e-4f, "cosine", 1f, 3, 0.8f, false, 0, null, "occlusion", bad, null, null)
                .createWorld());
        assertTrue(e.getMessage().contains("probabilities"), e.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> new TrainConfig("standard", List.of(1, 1, 1, 1), 4,
                32, 1, 1, 80, 10, 8, 4, 0.05f, 0.9f, 5e-4f, "cosine", 1f, 3, 0.8f, false, 0, null, "planets", null, null, null));
        assertTrue(unknown.getMessage().contains("unknown world"), unknown.getMessage());
    }

    @Test
    void aWarmUpLongerThanTheRunIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> config(5));
        assertTrue(e.getMessage().contains("warm-up"), e.getMessage());
    }
}
