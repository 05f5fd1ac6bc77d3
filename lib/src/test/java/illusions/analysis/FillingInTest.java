package illusions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.gpi.Sample;
import illusions.image.RgbImage;
import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class FillingInTest {
    @Test
    void errorAndCorrelationReadOnlyTheMask() {
        Mask left = Mask.where("eye", 4, 4, (x, y) -> x < 2);
        float[] a = new float[48], b = new float[48];
        for (int p = 0; p < 16; p++) {
            for (int c = 0; c < 3; c++) {
                a[3 * p + c] = (p % 4 < 2) ? 0.1f * (p / 4) : 0.9f;
                b[3 * p + c] = (p % 4 < 2) ? 0.2f * (p / 4) + 0.1f : 0f; // outside the mask: far off, ignored
            }
        }
        RgbImage x = new RgbImage(4, 4, a), y = new RgbImage(4, 4, b);
        assertEquals(1.0, FillingIn.correlation(x, y, left), 1e-6, "a linear relation inside the mask");
        // inside: differences 0.1 * row + 0.1 -> squares 0.01, 0.04, 0.09, 0.16 -> mean 0.075
        assertEquals(0.075, FillingIn.error(x, y, left), 1e-6);
        assertEquals(0, FillingIn.correlation(RgbImage.filled(4, 4, 0.5f), y, left));
    }

    @Test
    void samplesCarryTheEyeMaskAndAFillCloserToTheEyeWins() {
        Map<String, RenderedStimulus> portraits = FillingIn.portraits(List.of(1000, 1001, 1002), 64, 0);
        List<Sample> samples = FillingIn.samples(portraits, List.of(0L, 1L));
        assertEquals(6, samples.size());
        float[] m = samples.get(0).modulation();
        boolean[] eye = portraits.get("identity-1000").mask("eye").pixels();
        for (int i = 0; i < eye.length; i++) assertEquals(eye[i] ? 1f : 0f, m[i]);

        Table t = FillingIn.emptyTable();
        SplittableRandom rng = new SplittableRandom(1);
        for (Sample s : samples) {
            RenderedStimulus p = portraits.get(s.label());
            Mask mask = p.mask("eye");
            RgbImage truth = p.image();
            // "good" is the truth plus small noise, "poor" the masked start; both measured by FillingIn.
            float[] g = truth.data();
            for (int i = 0; i < g.length; i++) g[i] = (float) Math.min(1, Math.max(0, g[i] + 0.05 * rng.nextGaussian()));
            RgbImage good = new RgbImage(64, 64, g), poor = s.start();
            EffectTable.add(t, List.of("good"), s.label(), s.seed(), 200, FillingIn.ERROR, FillingIn.error(good, truth, mask));
            EffectTable.add(t, List.of("poor"), s.label(), s.seed(), 200, FillingIn.ERROR, FillingIn.error(poor, truth, mask));
            EffectTable.add(t, List.of("good"), s.label(), s.seed(), 200, FillingIn.CORRELATION, FillingIn.correlation(good, truth, mask));
            EffectTable.add(t, List.of("poor"), s.label(), s.seed(), 200, FillingIn.CORRELATION, FillingIn.correlation(poor, truth, mask));
        }
        Table c = FillingIn.compare(t, "good", "poor", 200);
        assertEquals(2, c.rowCount());
        for (int i = 0; i < 2; i++) {
            assertEquals(6, c.intColumn("n").get(i));
            assertTrue(c.doubleColumn("p_a_better").get(i) < 0.01, c.print());
        }
        assertTrue(FillingIn.compare(t, "poor", "good", 200).doubleColumn("p_a_better").get(0) > 0.99);
    }
}
