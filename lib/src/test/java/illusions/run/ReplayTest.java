package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import illusions.model.ModelCard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay on a tiny random model: a rerun reproduces every table; a changed run is reported cell by cell. */
class ReplayTest {
    @TempDir Path tmp;

    static int tiny(String... args) {
        return Scripts.run(new TinyRun(), args);
    }

    static final Replay.Runner RUNNER = (script, args, cwd) -> {
        assertEquals("tiny", script);
        return Scripts.run(new TinyRun(), args.toArray(String[]::new));
    };

    @Test
    void aReplayReproducesEveryTableAndReportsNoVersionChange() throws Exception {
        Path a = tmp.resolve("a");
        assertEquals(0, tiny("--steps", "3", "--seed", "5", "--out", a.toString()));
        Replay.Invocation inv = Replay.invocation(a);
        assertEquals("tiny", inv.script());
        assertEquals(List.of("--steps", "3", "--seed", "5", "--out", a.toString()), inv.args());

        Replay.Comparison c = Replay.replay(a, tmp.resolve("b"), RUNNER, 5);
        assertTrue(c.tablesIdentical(), Replay.describe(c));
        assertEquals(List.of("trajectory.csv"), c.identical());
        assertTrue(c.versions().isEmpty(), Replay.describe(c));
        assertTrue(Replay.describe(c).startsWith("every table is identical"));
        // The replay wrote to its own folder with the same arguments otherwise.
        assertEquals(List.of("--steps", "3", "--seed", "5", "--out", tmp.resolve("b").toAbsolutePath().toString()),
                Replay.invocation(tmp.resolve("b")).args());
    }

    @Test
    void differingValuesAndChangedVersionsAreNamed() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, tiny("--seed", "1", "--out", a.toString()));
        assertEquals(0, tiny("--seed", "2", "--out", b.toString()));
        // Pretend the second ran on another TensorFlow and CPU.
        ObjectNode p = (ObjectNode) ModelCard.json().readTree(b.resolve("provenance.json").toFile());
        p.put("tensorflow_version", "9.9.9");
        p.put("cpu", "another CPU");
        ModelCard.json().writeValue(b.resolve("provenance.json").toFile(), p);

        Replay.Comparison c = Replay.compare(a, b, 3);
        assertFalse(c.tablesIdentical());
        Replay.FileDiff d = c.differing().get(0);
        assertEquals("trajectory.csv", d.file());
        assertEquals(3, d.cells().size(), "the first 3 differing cells");
        assertTrue(d.differingCells() > 3);
        assertEquals("seed", d.cells().get(0).column());
        assertEquals(1, d.cells().get(0).row());
        assertEquals("1", d.cells().get(0).original());
        assertEquals("2", d.cells().get(0).replay());
        List<String> changed = c.versions().stream().map(Replay.VersionChange::field).toList();
        assertTrue(changed.containsAll(List.of("tensorflow_version", "cpu")), changed.toString());
        String text = Replay.describe(c);
        assertTrue(text.contains("row 1, seed: 1 -> 2") && text.contains("tensorflow_version"), text);
    }

    @Test
    void missingTablesAndOutReplacement() throws Exception {
        Path a = tmp.resolve("a"), b = tmp.resolve("b");
        assertEquals(0, tiny("--out", a.toString()));
        assertEquals(0, tiny("--out", b.toString()));
        Files.writeString(a.resolve("extra.csv"), "x\n1\n");
        Replay.Comparison c = Replay.compare(a, b, 5);
        assertEquals("missing from the replay", c.differing().get(0).problem());
        assertEquals(List.of("--steps", "3", "--out", "/n"), Replay.withOut(List.of("--out=/o", "--steps", "3"), Path.of("/n")));
        assertEquals(List.of("--x", "--out", "/n"), Replay.withOut(List.of("--out", "/o", "--x"), Path.of("/n")));
        Files.writeString(tmp.resolve("config.json"), "{\"script\": \"old\"}");
        assertThrows(IllegalArgumentException.class, () -> Replay.invocation(tmp));
    }
}
