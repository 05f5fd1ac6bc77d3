package illusions.metrics;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SummaryAndEffectTest {
    @Test
    void meanAndStandardError() {
        Summary s = Summary.of(1, 2, 3, 4);
        assertEquals(2.5, s.mean(), 1e-12);
        // sd = sqrt(5/3), sem = sd / 2
        assertEquals(Math.sqrt(5.0 / 3) / 2, s.sem(), 1e-12);
        assertEquals(4, s.n());
    }

    @Test
    void singleValueHasUndefinedSem() {
        Summary s = Summary.of(0.3);
        assertEquals(0.3, s.mean());
        assertTrue(Double.isNaN(s.sem()));
        assertThrows(IllegalArgumentException.class, Summary::of);
    }

    @Test
    void perIterationSummarisesAcrossSeeds() {
        List<Summary> s = Summary.perIteration(List.of(new double[] {0, 1}, new double[] {0, 3}));
        assertEquals(0, s.get(0).mean());
        assertEquals(0, s.get(0).sem());
        assertEquals(2, s.get(1).mean(), 1e-12);
        assertEquals(1, s.get(1).sem(), 1e-12); // sd sqrt(2), / sqrt(2)
        assertThrows(IllegalArgumentException.class,
                () -> Summary.perIteration(List.of(new double[] {0}, new double[] {0, 1})));
    }

    @Test
    void independentEffectCombinesErrorsInQuadrature() {
        Effect e = Effect.independent(new Summary(0.5, 0.03, 10), new Summary(0.1, 0.04, 10));
        assertEquals(0.4, e.effect(), 1e-12);
        assertEquals(0.05, e.sem(), 1e-12);
    }

    @Test
    void pairedEffectUsesDifferences() {
        // differences are all 0.2: the shared seed-to-seed variation cancels
        Effect e = Effect.paired(new double[] {0.3, 0.5, 0.9}, new double[] {0.1, 0.3, 0.7});
        assertEquals(0.2, e.effect(), 1e-12);
        assertEquals(0, e.sem(), 1e-12);
        assertTrue(e.stimulus().sem() > 0.1);
        assertThrows(IllegalArgumentException.class, () -> Effect.paired(new double[] {1}, new double[] {1, 2}));
    }
}
