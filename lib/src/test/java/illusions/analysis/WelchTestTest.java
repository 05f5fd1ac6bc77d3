package illusions.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class WelchTestTest {
    static final double[] A = {2.1, 2.5, 1.9, 3.0, 2.7, 2.2, 2.8, 2.4};
    static final double[] B = {1.8, 2.0, 2.2, 1.7, 1.9, 2.1, 1.6};

    @Test
    void matchesScipysWelchTest() {
        // scipy 1.17.1: stats.ttest_ind(A, B, equal_var=False) -> t 3.5379713649647244, p 0.00439813575942253,
        // df 11.416289592760183; alternative='greater' -> 0.002199067879711265; CI (0.2093590341081601, 0.8906409658918404).
        WelchTest w = WelchTest.of(A, B);
        assertEquals(3.5379713649647244, w.t(), 1e-12);
        assertEquals(11.416289592760183, w.df(), 1e-10);
        assertEquals(0.00439813575942253, w.pTwoSided(), 1e-10);
        assertEquals(0.002199067879711265, w.pGreater(), 1e-10);
        assertEquals(0.2093590341081601, w.ciLow(), 1e-10);
        assertEquals(0.8906409658918404, w.ciHigh(), 1e-10);
    }

    @Test
    void oneSidedPIsLargeWhenTheDifferenceHasTheOtherSign() {
        WelchTest w = WelchTest.of(B, A);
        assertTrue(w.difference() < 0);
        assertEquals(1 - 0.002199067879711265, w.pGreater(), 1e-10);
    }

    @Test
    void noSpreadGivesAnExactAnswerAndBadInputIsRefused() {
        WelchTest w = WelchTest.of(new double[] {1, 1, 1}, new double[] {0, 0});
        assertEquals(0, w.pGreater());
        assertEquals(1, w.difference());
        assertThrows(IllegalArgumentException.class, () -> WelchTest.of(new double[] {1}, new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> WelchTest.of(new double[] {1, Double.NaN}, new double[] {0, 1}));
    }
}
