package illusions.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.image.RgbImage;
import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import org.junit.jupiter.api.Test;

class FacePortraitTest {
    @Test
    void theEyeMaskSitsOnTheDrawnEye() {
        for (int identity = ProbeImages.FIRST_IDENTITY; identity < ProbeImages.FIRST_IDENTITY + 6; identity++) {
            RenderedStimulus p = FaceWorld.portrait(identity, 64, 3);
            Mask eye = p.mask("eye");
            assertTrue(eye.area() > 10 && eye.area() < 64 * 64 / 10, "a small eye region: " + eye.area());
            assertEquals(64 * 64, eye.area() + p.mask("rest").area());
            // The eye and brow are drawn in a tone between head and background: the region is not flat.
            float[] lum = p.image().channelMean();
            double min = 1, max = 0;
            for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) {
                if (!eye.get(y, x)) continue;
                min = Math.min(min, lum[y * 64 + x]);
                max = Math.max(max, lum[y * 64 + x]);
            }
            assertTrue(max - min > 0.1, "identity " + identity + ": the eye region holds an eye (range " + (max - min) + ")");
        }
    }

    @Test
    void portraitsAreDeterministicBySeed() {
        RgbImage a = FaceWorld.portrait(1001, 64, 5).image(), b = FaceWorld.portrait(1001, 64, 5).image();
        assertEquals(a, b);
        assertTrue(!a.equals(FaceWorld.portrait(1001, 64, 6).image()));
    }
}
