package illusions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    static void data(List<double[]> x, List<String> y, int n, double separation, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            boolean face = i % 2 == 0;
            double[] f = new double[6];
            for (int j = 0; j < f.length; j++) f[j] = r.nextGaussian() * 3;
            f[2] += face ? separation : -separation; // one informative feature among noisy ones
            x.add(f);
            y.add(face ? "face" : "vase");
        }
    }

    @Test
    void learnsASeparableProblemAndGivesCalibratedProbabilities() {
        List<double[]> x = new ArrayList<>(), hx = new ArrayList<>();
        List<String> y = new ArrayList<>(), hy = new ArrayList<>();
        data(x, y, 400, 4, 1);
        data(hx, hy, 200, 4, 2);
        LinearProbe p = LinearProbe.train("test", x, y, 20, 7);
        assertTrue(p.accuracy(hx, hy) > 0.85, "held-out accuracy " + p.accuracy(hx, hy));
        double[] clearlyFace = {0, 0, 12, 0, 0, 0};
        assertTrue(p.probability(clearlyFace, "face") > 0.9);
        assertEquals(1.0, p.probability(clearlyFace, "face") + p.probability(clearlyFace, "vase"), 1e-6);
        assertTrue(p.provenance().contains("LinearSGDTrainer"), "Tribuo's provenance names the trainer");
    }

    @Test
    void logOddsIsTheMarginAndKeepsMovingWhereProbabilityRoundsToOne() {
        List<double[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        data(x, y, 400, 4, 1);
        LinearProbe p = LinearProbe.train("test", x, y, 20, 7);
        double[] mild = {0, 0, 1, 0, 0, 0};
        double pf = p.probability(mild, "face");
        assertEquals(Math.log(pf / (1 - pf)), p.logOdds(mild, "face", "vase"), 1e-6);
        assertEquals(-p.logOdds(mild, "face", "vase"), p.logOdds(mild, "vase", "face"), 1e-12);
        double[] far = {0, 0, 400, 0, 0, 0}, farther = {0, 0, 800, 0, 0, 0};
        assertEquals(1.0, p.probability(far, "face"), 0.0, "P(face) has rounded to 1");
        double a = p.logOdds(far, "face", "vase"), b = p.logOdds(farther, "face", "vase");
        assertTrue(Double.isFinite(b) && b > a + 10, "the margin still grows: " + a + " -> " + b);
        assertThrows(IllegalArgumentException.class, () -> p.logOdds(mild, "face", "cup"));
    }

    @Test
    void noSignalMeansChanceHeldOut() {
        List<double[]> x = new ArrayList<>(), hx = new ArrayList<>();
        List<String> y = new ArrayList<>(), hy = new ArrayList<>();
        data(x, y, 400, 0, 3);
        data(hx, hy, 400, 0, 4);
        double acc = LinearProbe.train("null", x, y, 20, 7).accuracy(hx, hy);
        assertTrue(acc > 0.4 && acc < 0.6, "no information, chance accuracy: " + acc);
    }

    @Test
    void theSameSeedGivesTheSameProbe() {
        List<double[]> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        data(x, y, 200, 2, 5);
        double a = LinearProbe.train("a", x, y, 5, 11).probability(x.get(3), "face");
        double b = LinearProbe.train("a", x, y, 5, 11).probability(x.get(3), "face");
        assertEquals(a, b);
    }

    @Test
    void imageFeaturesTellVerticalFromHorizontalStripes() {
        int s = 32;
        float[] v = new float[s * s], h = new float[s * s];
        for (int y = 0; y < s; y++) for (int x = 0; x < s; x++) {
            v[y * s + x] = (x / 4) % 2;
            h[y * s + x] = (y / 4) % 2;
        }
        double[] fv = ImageFeatures.of(RgbImage.fromGrey(s, s, v)), fh = ImageFeatures.of(RgbImage.fromGrey(s, s, h));
        int global = ImageFeatures.GRID * ImageFeatures.GRID * (2 + ImageFeatures.BINS);
        // Vertical stripes: horizontal gradient, angle 0 (bin 0); horizontal stripes: angle 90 (bin 4).
        assertTrue(fv[global] > 10 * fv[global + 4]);
        assertTrue(fh[global + 4] > 10 * fh[global]);
    }
}
