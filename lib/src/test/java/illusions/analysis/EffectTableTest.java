package illusions.analysis;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

class EffectTableTest {
    @Test
    void labelledPutsConstantColumnsFirstInOrderAndStackJoinsParts() {
        Table a = Table.create("a", DoubleColumn.create("x", 1.0, 2.0)), b = Table.create("b", DoubleColumn.create("x", 3.0));
        Table la = EffectTable.labelled(a, "pair", "p vs q", "condition", "rubin");
        assertEquals(List.of("pair", "condition", "x"), la.columnNames());
        assertEquals("rubin", la.stringColumn("condition").get(1));
        assertEquals(List.of("x"), a.columnNames(), "the input is left as it was");
        Table s = EffectTable.stack("both", List.of(la, EffectTable.labelled(b, "pair", "r vs s", "condition", "oval")));
        assertEquals("both", s.name());
        assertEquals(3, s.rowCount());
        assertEquals("r vs s", s.stringColumn("pair").get(2));
        assertNull(EffectTable.stack("none", List.of()));
        assertThrows(IllegalArgumentException.class, () -> EffectTable.labelled(a, "pair"));
    }
}
