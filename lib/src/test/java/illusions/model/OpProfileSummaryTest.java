package illusions.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The summary of a traced step (the traced step itself: illusions.gpi.OpProfileTest). */
class OpProfileSummaryTest {

    @Test
    void opsAreSortedByTimeAndTheTableSharesAddUp() {
        OpProfile p = OpProfile.of(2, 5000, Map.of("A", 1000L, "B", 3000L, "C", 0L),
                Map.of("A", 1, "B", 2, "C", 4));
        assertEquals(List.of("B", "A", "C"), p.ops().stream().map(OpProfile.OpTime::op).toList());
        assertEquals(4000, p.totalMicros());
        String t = p.table(1);
        assertTrue(t.contains("B | 1.50 | 75.0% | 2"), t);
        assertTrue(t.contains("(2 other op types) | 0.50 | 25.0% | 5"), t);
        assertTrue(t.contains("traced wall time 2.50 ms per run"), t);
        assertEquals("_MklNativeConv2D", OpProfile.opFromLabel("stage1/conv = _MklNativeConv2D(x, w)"));
        assertEquals("?", OpProfile.opFromLabel("no label"));
        assertThrows(IllegalArgumentException.class, () -> OpProfile.of(null, 0));
    }
}
