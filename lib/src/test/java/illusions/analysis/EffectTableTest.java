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

    @Test
    void aWrittenMeasurementsTableReadsBackWithItsTypesAndAForeignOneIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<String> keys = List.of("model", "polarity");
        Table t = EffectTable.empty("m", keys);
        EffectTable.add(t, List.of("faces", "white-vase"), "rubin", 12345678901L, 200, "lo", -0.25);
        EffectTable.add(t, List.of("faces", "white-vase"), "oval", 3, 0, "lo", 1e-9);
        java.nio.file.Path f = dir.resolve("measurements.csv");
        t.write().csv(f.toFile());
        Table back = EffectTable.read(f, keys);
        assertEquals(t.columnNames(), back.columnNames());
        assertEquals(12345678901L, back.longColumn("seed").getLong(0));
        assertEquals(200, back.intColumn("iteration").getInt(0));
        assertEquals(1e-9, back.doubleColumn("value").getDouble(1));
        java.nio.file.Path other = dir.resolve("effects.csv");
        java.nio.file.Files.writeString(other, "model,measure,effect\nfaces,lo,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EffectTable.read(other, keys));
        assertTrue(e.getMessage().contains("not a measurements table"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EffectTable.read(dir.resolve("missing.csv"), keys));
    }
}
