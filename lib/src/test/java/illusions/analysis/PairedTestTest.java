package illusions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class PairedTestTest {
    static final double[] A = {0.31, 0.42, 0.18, 0.55, 0.27, 0.39, 0.44, 0.21};
    static final double[] B = {0.12, 0.30, 0.20, 0.33, 0.05, 0.28, 0.31, 0.22};

    @Test
    void matchesScipysPairedTTest() {
        // scipy 1.17.1: stats.ttest_rel(A, B) -> t 3.6181361349331627, p 0.008531316895969388;
        // alternative='greater' -> 0.004265658447984694; t interval 0.12 +- t(0.975, 7) * 0.033166247903554005.
        PairedTest p = PairedTest.of(A, B);
        assertEquals(8, p.n());
        assertEquals(0.12, p.difference(), 1e-12);
        assertEquals(0.033166247903554005, p.sem(), 1e-12);
        assertEquals(3.6181361349331627, p.t(), 1e-9);
        assertEquals(0.008531316895969388, p.pTwoSided(), 1e-9);
        assertEquals(0.004265658447984694, p.pGreater(), 1e-9);
        assertEquals(0.041574285872917865, p.ciLow(), 1e-9);
        assertEquals(0.19842571412708213, p.ciHigh(), 1e-9);
    }

    @Test
    void reversedPairsGiveTheMirrorResult() {
        PairedTest p = PairedTest.of(B, A);
        assertEquals(-0.12, p.difference(), 1e-12);
        assertEquals(1 - 0.004265658447984694, p.pGreater(), 1e-9);
    }

    @Test
    void badDesignsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PairedTest.of(new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedTest.of(new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> PairedTest.of(new double[] {1, Double.NaN}, new double[] {1, 2}));
    }

    @Test
    void aConstantDifferenceIsExact() {
        PairedTest p = PairedTest.of(new double[] {2, 3, 4}, new double[] {1, 2, 3});
        assertEquals(0, p.pGreater());
        assertEquals(1, p.ciLow(), 1e-12);
    }

    /** Synthetic measurements: the stimulus exceeds control "c1" by `shift` and equals "c2"; seeds pair the noise. */
    static Table synthetic(double shift, int seeds, long rng) {
        Table t = EffectTable.empty("m", List.of("model"));
        SplittableRandom r = new SplittableRandom(rng);
        for (int s = 0; s < seeds; s++) {
            double shared = r.nextGaussian();
            EffectTable.add(t, List.of("net"), "stim", s, 10, "edge", shared + shift + 0.1 * r.nextGaussian());
            EffectTable.add(t, List.of("net"), "c1", s, 10, "edge", shared + 0.1 * r.nextGaussian());
            EffectTable.add(t, List.of("net"), "c2", s, 10, "edge", shared + shift + 0.1 * r.nextGaussian());
            EffectTable.add(t, List.of("net"), "stim", s, 0, "edge", 0);
            EffectTable.add(t, List.of("net"), "c1", s, 0, "edge", 0);
        }
        return t;
    }

    @Test
    void aKnownEffectIsFoundAndNoEffectIsNot() {
        Table e = EffectTable.effects(synthetic(0.5, 8, 7), List.of("model"), "stim", List.of("c1", "c2"), 10);
        assertEquals(2, e.rowCount());
        Table c1 = e.where(e.stringColumn("control").isEqualTo("c1"));
        Table c2 = e.where(e.stringColumn("control").isEqualTo("c2"));
        assertEquals(0.5, c1.doubleColumn("effect").get(0), 0.15);
        assertTrue(c1.doubleColumn("p_greater").get(0) < 1e-4, "shift 0.5 against noise 0.14 over 8 pairs");
        assertTrue(c1.doubleColumn("ci_low").get(0) > 0);
        assertTrue(c2.doubleColumn("ci_low").get(0) < 0 && c2.doubleColumn("ci_high").get(0) > 0, "no effect: CI spans 0");
        // The shared per-seed noise (sd 1) cancels in the pairing: an unpaired test would see nothing.
        assertTrue(c1.doubleColumn("sem").get(0) < 0.1);
    }

    @Test
    void pValuesOfANullEffectAreRoughlyUniform() {
        int below = 0, runs = 400;
        for (int i = 0; i < runs; i++) {
            Table e = EffectTable.effects(synthetic(0, 8, 1000 + i), List.of("model"), "stim", List.of("c1"), 10);
            if (e.doubleColumn("p_greater").get(0) < 0.05) below++;
        }
        assertTrue(below > 5 && below < 40, "about 5% of 400 null tests below 0.05, got " + below);
    }

    @Test
    void unpairedSeedsAreAnError() {
        Table t = synthetic(0.5, 4, 3);
        EffectTable.add(t, List.of("net"), "stim", 99, 10, "edge", 1);
        assertThrows(IllegalArgumentException.class, () -> EffectTable.effects(t, List.of("model"), "stim", List.of("c1"), 10));
    }

    @Test
    void timeCoursesAverageOverSeeds() {
        Table c = EffectTable.timeCourses(synthetic(0.5, 8, 7), List.of("model"));
        Table at0 = c.where(c.intColumn("iteration").isEqualTo(0).and(c.stringColumn("condition").isEqualTo("stim")));
        assertEquals(1, at0.rowCount());
        assertEquals(0, at0.doubleColumn("mean").get(0));
        assertEquals(8, at0.intColumn("n").get(0));
    }

    @Test
    void agreementFindsTheEffectThatMovedOutsideTheOtherRunsInterval() {
        Table a = EffectTable.empty("a", List.of("model")), b = EffectTable.empty("b", List.of("model"));
        SplittableRandom rng = new SplittableRandom(5);
        for (long seed = 0; seed < 8; seed++) {
            double noise = 0.01 * rng.nextGaussian();
            EffectTable.add(a, List.of("m"), "kanizsa", seed, 10, "edge", 0.5 + noise);
            EffectTable.add(a, List.of("m"), "control", seed, 10, "edge", 0.3 + 0.01 * rng.nextGaussian());
            EffectTable.add(b, List.of("m"), "kanizsa", seed, 10, "edge", 0.5 + noise + 0.001);
            EffectTable.add(b, List.of("m"), "control", seed, 10, "edge", 0.1 + 0.01 * rng.nextGaussian());
        }
        Table ea = EffectTable.effects(a, List.of("model"), "kanizsa", List.of("control"), 10);
        Table same = EffectTable.agreement(ea, ea);
        assertEquals("yes", same.stringColumn("a_in_ci_b").get(0));
        Table moved = EffectTable.agreement(ea, EffectTable.effects(b, List.of("model"), "kanizsa", List.of("control"), 10));
        assertEquals("no", moved.stringColumn("a_in_ci_b").get(0));
        assertEquals("no", moved.stringColumn("b_in_ci_a").get(0));
    }
}
