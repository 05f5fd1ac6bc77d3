package illusions.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The closed-form scores against finite differences of the closed-form log-densities. */
class GaussianMixtureWorldTest {

    static double[] numericGradient(ToDoubleFunction<double[]> f, double[] x) {
        double h = 1e-5;
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] a = x.clone(), b = x.clone();
            a[i] += h;
            b[i] -= h;
            g[i] = (f.applyAsDouble(a) - f.applyAsDouble(b)) / (2 * h);
        }
        return g;
    }

    static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0, err = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            err = Math.max(err, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(err <= 1e-5 * Math.max(1, scale), what + ": max error " + err + " on a scale of " + scale);
    }

    @ParameterizedTest
    @CsvSource({"2,2", "5,2", "16,3"})
    void scoresMatchFiniteDifferencesOfTheLogDensities(int d, int informative) {
        GaussianMixtureWorld w = GaussianMixtureWorld.random(d, informative, 3, 3, 3.0, 0.25, 1.0, 42);
        SplittableRandom rng = new SplittableRandom(1);
        GaussianMixtureWorld.Dataset data = w.sample(10, 7);
        for (int p = 0; p < 20; p++) {
            // half on the data, half anywhere in a wide box (where one component dominates the log-sum-exp)
            double[] x = p < 10 ? data.x()[p] : new double[d];
            if (p >= 10) for (int i = 0; i < d; i++) x[i] = 4 * (2 * rng.nextDouble() - 1);
            GaussianMixtureWorld.Scores s = w.scores(x);
            for (int y = 0; y < w.classes(); y++) {
                final int c = y;
                assertClose(numericGradient(v -> w.logConditional(v, c), x), s.gradConditional()[y], "grad log p(x|y)");
                assertClose(numericGradient(v -> w.logPosterior(v, c), x), s.gradPosterior(y), "grad log p(y|x)");
                assertArrayEquals(s.gradConditional()[y], w.gradLogConditional(x, y), 1e-12);
                assertEquals(w.logPosterior(x, y), s.logPosterior(y), 1e-9);
            }
            assertClose(numericGradient(w::logMarginal, x), s.gradMarginal(), "grad log p(x)");
            double sum = 0;
            for (double q : s.posterior()) sum += q;
            assertEquals(1, sum, 1e-12);
        }
    }

    @Test
    void farFromTheDataEverythingStaysFinite() {
        GaussianMixtureWorld w = GaussianMixtureWorld.random(2, 2, 3, 3, 3.0, 0.25, 1.0, 42);
        double[] far = {60, -45};
        GaussianMixtureWorld.Scores s = w.scores(far);
        assertTrue(Double.isFinite(s.logMarginal()) && s.logMarginal() < -1000, "log p(x) = " + s.logMarginal());
        for (int y = 0; y < 3; y++) {
            assertTrue(Double.isFinite(s.logPosterior(y)));
            for (double v : s.gradPosterior(y)) assertTrue(Double.isFinite(v));
        }
        for (double v : s.gradMarginal()) assertTrue(Double.isFinite(v));
    }

    @Test
    void aSingleGaussianHasItsTextbookLogDensityAndScore() {
        GaussianMixtureWorld w = GaussianMixtureWorld.of(new double[] {0.5, 0.5},
                new double[][] {{1, 0}, {-1, 0}}, new double[][] {{0.5, 2}, {0.5, 2}});
        double[] x = {0.3, 1.0};
        double expected = -Math.log(2 * Math.PI) - Math.log(0.5 * 2) - 0.5 * (0.49 / 0.25 + 1.0 / 4);
        assertEquals(expected, w.logConditional(x, 0), 1e-12);
        assertArrayEquals(new double[] {-(0.3 - 1) / 0.25, -1.0 / 4}, w.gradLogConditional(x, 0), 1e-12);
        // Two equal-covariance Gaussians: log p(0|x) - log p(1|x) is linear, slope 2 * 1 / 0.25 in x_0.
        assertEquals(8.0, w.gradLogPosterior(x, 0)[0] - w.gradLogPosterior(x, 1)[0], 1e-9);
    }

    @Test
    void samplingIsDeterminedByTheSeedAndHasTheUnitScale() {
        GaussianMixtureWorld w = GaussianMixtureWorld.random(2, 2, 3, 3, 3.0, 0.25, 1.0, 5);
        GaussianMixtureWorld.Dataset a = w.sample(20000, 9), b = w.sample(20000, 9);
        assertArrayEquals(a.y(), b.y());
        assertArrayEquals(a.x()[123], b.x()[123]);
        double[] mean = new double[2];
        for (double[] x : a.x()) for (int i = 0; i < 2; i++) mean[i] += x[i] / a.size();
        double trace = 0;
        for (double[] x : a.x()) for (int i = 0; i < 2; i++) trace += (x[i] - mean[i]) * (x[i] - mean[i]) / a.size();
        assertEquals(1.0, Math.sqrt(trace / 2), 0.03, "per-coordinate std of the data");
        int[] counts = new int[3];
        for (int y : a.y()) counts[y]++;
        for (int c : counts) assertEquals(20000 / 3.0, c, 400);
    }

    @Test
    void higherDimensionalWorldsShareTheInformativePart() {
        GaussianMixtureWorld w2 = GaussianMixtureWorld.random(2, 2, 3, 3, 3.0, 0.25, 1.0, 11);
        GaussianMixtureWorld w16 = GaussianMixtureWorld.random(16, 2, 3, 3, 3.0, 0.25, 1.0, 11);
        double b2 = w2.bayesAccuracy(w2.sample(4000, 1)), b16 = w16.bayesAccuracy(w16.sample(4000, 1));
        assertEquals(b2, b16, 0.03, "the nuisance dimensions carry no class information");
    }
}
