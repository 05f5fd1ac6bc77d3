package illusions.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrainConfigTest {
    static TrainConfig config(float warmup) {
        return new TrainConfig("adversarial", List.of(1, 1, 1, 1), 4, 32, 1, 1, 80, 10, 8, 4, 0.05f, 0.9f, 5e-4f,
                "cosine", 1f, 3, TrainConfig.defaultStepSize(1f, 3), false, warmup);
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
    void aWarmUpLongerThanTheRunIsRefused() {
        var e = assertThrows(IllegalArgumentException.class, () -> config(5));
        assertTrue(e.getMessage().contains("warm-up"), e.getMessage());
    }
}
