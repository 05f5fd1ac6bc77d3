package illusions.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AlignmentTest {
    final GaussianMixtureWorld world = GaussianMixtureWorld.random(2, 2, 3, 3, 3.0, 0.25, 1.0, 3);
    final GaussianMixtureWorld.Dataset test = world.sample(500, 4);

    @Test
    void theExactBayesPosteriorAsAClassifierHasCosineOneToGradLogPosterior() {
        Alignment a = Alignment.measure(world, ClassGradient.bayesPosterior(world), test.x(), test.y());
        assertEquals(1.0, a.cosPosterior(), 1e-9);
        // ... and the measurement tells it apart from the class-conditional score: eq. 12's dropped term is not small here.
        assertTrue(a.cosConditional() < 0.8, "cos to grad log p(x|y) = " + a.cosConditional());
        Alignment.Truth t = Alignment.truth(world, test.x(), test.y());
        assertEquals(a.cosConditional(), t.cosPosteriorConditional(), 1e-9);
    }

    @Test
    void theTrueScoreHasCosineOneToItself() {
        Alignment a = Alignment.measure(world, ClassGradient.conditionalScore(world), test.x(), test.y());
        assertEquals(1.0, a.cosConditional(), 1e-9);
        Alignment m = Alignment.measure(world, ClassGradient.marginalScore(world), test.x(), test.y());
        assertEquals(1.0, m.cosMarginal(), 1e-9);
    }

    @Test
    void cosineIsScaleFreeAndUndefinedAtZero() {
        assertEquals(-1, Alignment.cosine(new double[] {1, 2}, new double[] {-3, -6}), 1e-12);
        assertTrue(Double.isNaN(Alignment.cosine(new double[] {0, 0}, new double[] {1, 0})));
        Alignment z = Alignment.measure(world, (x, y) -> new double[x.length][2], test.x(), test.y());
        assertEquals(test.size(), z.skipped());
        assertEquals(0, z.meanSquaredNorm());
    }

    @Test
    void intervalIsTheStudentTInterval() {
        Interval i = Interval.of(new double[] {1, 2, 3});
        assertEquals(2, i.mean(), 1e-12);
        assertEquals(1, i.sd(), 1e-12);
        assertEquals(4.302652729911275 / Math.sqrt(3), i.halfWidth(), 1e-9); // t_{0.975, 2}
        assertTrue(Double.isNaN(Interval.of(new double[] {5}).low()));
        assertEquals(2, Interval.of(new double[] {1, Double.NaN, 3}).n());
    }
}
