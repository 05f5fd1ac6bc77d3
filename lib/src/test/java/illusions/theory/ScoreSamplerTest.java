package illusions.theory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Sampling with the true score recovers the mixture; a wrong law stays far. */
class ScoreSamplerTest {
    static final int N = 150;
    final GaussianMixtureWorld world = GaussianMixtureWorld.random(2, 2, 3, 3, 3.0, 0.25, 1.0, 7);

    double meanEnergy(double[][] x) {
        double e = 0;
        for (int c = 0; c < 3; c++) {
            e += EnergyDistance.of(Arrays.copyOfRange(x, c * N, (c + 1) * N), world.sampleClass(c, N, 100 + c)) / 3;
        }
        return e;
    }

    int[] labels() {
        int[] y = new int[3 * N];
        for (int i = 0; i < y.length; i++) y[i] = i / N;
        return y;
    }

    @Test
    void energyDistanceIsNearZeroForTheSameLawAndLargeForAnother() {
        double[][] a = world.sampleClass(0, 300, 1), b = world.sampleClass(0, 300, 2), other = world.sampleClass(1, 300, 3);
        assertTrue(Math.abs(EnergyDistance.of(a, b)) < 0.03, "same law: " + EnergyDistance.of(a, b));
        assertTrue(EnergyDistance.of(a, other) > 0.3, "another class: " + EnergyDistance.of(a, other));
        assertEquals(EnergyDistance.of(a, other), EnergyDistance.of(other, a), 1e-12);
        // Two point masses at distance 1: 2*1 - 0 - 0.
        assertEquals(2, EnergyDistance.of(new double[][] {{0}, {0}}, new double[][] {{1}, {1}}), 1e-12);
    }

    @Test
    void langevinWithTheTrueScoreRecoversTheMixture() {
        double[][] start = ScoreSampler.noise(3 * N, 2, 5);
        Map<Integer, double[][]> s = ScoreSampler.run(ClassGradient.conditionalScore(world), start, labels(),
                ScoreSampler.Rule.LANGEVIN, 0.002, 0, 1500, new int[] {1500}, 9);
        double recovered = meanEnergy(s.get(1500));
        double wrong = meanEnergy(start); // N(0, I): the data's overall scale, the wrong law
        double floor = meanEnergy(concat()); // a fresh true sample: what sampling noise alone gives
        assertTrue(recovered < 0.05, "energy distance after Langevin with the true score: " + recovered + " (floor " + floor + ")");
        assertTrue(wrong > 0.25, "energy distance of the wrong law: " + wrong);
    }

    double[][] concat() {
        double[][] x = new double[3 * N][];
        for (int c = 0; c < 3; c++) {
            double[][] s = world.sampleClass(c, N, 300 + c);
            System.arraycopy(s, 0, x, c * N, N);
        }
        return x;
    }

    @Test
    void referenceGpiWithTheTrueScoreGetsCloseWhileTheExactPosteriorDriftsAway() {
        double[][] start = ScoreSampler.noise(3 * N, 2, 5);
        double before = meanEnergy(start);
        double score = meanEnergy(ScoreSampler.run(ClassGradient.conditionalScore(world), start, labels(),
                ScoreSampler.Rule.NORMALIZED, 0.05, 0.05, 400, new int[] {400}, 9).get(400));
        double posterior = meanEnergy(ScoreSampler.run(ClassGradient.bayesPosterior(world), start, labels(),
                ScoreSampler.Rule.NORMALIZED, 0.05, 0.05, 400, new int[] {400}, 9).get(400));
        assertTrue(score < before / 2, "true score: " + score + " from " + before);
        assertTrue(posterior > 2 * score, "exact posterior: " + posterior + ", true score: " + score);
    }

    @Test
    void trajectoriesAreDeterminedByTheSeed() {
        double[][] start = ScoreSampler.noise(6, 2, 5);
        int[] y = {0, 1, 2, 0, 1, 2};
        var a = ScoreSampler.run(ClassGradient.conditionalScore(world), start, y, ScoreSampler.Rule.NORMALIZED, 0.05, 0.05, 20,
                new int[] {0, 20}, 3);
        var b = ScoreSampler.run(ClassGradient.conditionalScore(world), start, y, ScoreSampler.Rule.NORMALIZED, 0.05, 0.05, 20,
                new int[] {0, 20}, 3);
        assertArrayEquals(a.get(20)[4], b.get(20)[4]);
        assertArrayEquals(start[2], a.get(0)[2]);
    }
}
