package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCommittedRunAppearsOnlyWhenComplete(@TempDir Path tmp) throws Exception {
        try (RunDirectory run = RunDirectory.create(tmp, "kanizsa")) {
            run.writeJson("config.json", Map.of("steps", 5));
            assertFalse(Files.exists(run.finalPath()), "no complete-looking folder before commit");
            assertTrue(run.path().getFileName().toString().startsWith("."));
            Path done = run.commit();
            assertTrue(Files.isRegularFile(done.resolve("config.json")));
        }
        List<String> n = names(tmp.resolve("kanizsa"));
        assertEquals(1, n.size());
        assertFalse(n.get(0).startsWith("."));
    }

    @Test
    void runsStartedInTheSameSecondNeverShareAFolder(@TempDir Path tmp) throws Exception {
        try (RunDirectory a = RunDirectory.create(tmp, "gpi"); RunDirectory b = RunDirectory.create(tmp, "gpi")) {
            assertNotEquals(a.finalPath(), b.finalPath());
            a.commit();
            b.commit();
        }
        assertEquals(2, names(tmp.resolve("gpi")).size());
    }

    @Test
    void aFailedRunKeepsItsFilesUnderAHiddenFailedName(@TempDir Path tmp) throws Exception {
        Path fin;
        try (RunDirectory run = RunDirectory.create(tmp, "kanizsa")) {
            run.writeText("trajectory.csv", "iteration,loss\n0,1.0\n");
            fin = run.finalPath();
            // no commit: the run stops with an exception
        }
        assertFalse(Files.exists(fin));
        List<String> n = names(tmp.resolve("kanizsa"));
        assertEquals(1, n.size());
        assertTrue(n.get(0).startsWith(".") && n.get(0).endsWith(".failed"), n.get(0));
        Path failed = tmp.resolve("kanizsa").resolve(n.get(0));
        assertTrue(Files.readString(failed.resolve("FAILED.txt")).contains("stopped"));
        assertTrue(Files.readString(failed.resolve("trajectory.csv")).contains("0,1.0"));
    }

    @Test
    void anExplicitOutputDirectoryIsNeverOverwritten(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("run1");
        Files.createDirectories(out);
        Files.writeString(out.resolve("mine.txt"), "keep");
        var e = assertThrows(FileAlreadyExistsException.class, () -> RunDirectory.at(out));
        assertTrue(e.getMessage().contains("--out"), e.getMessage());
        assertEquals("keep", Files.readString(out.resolve("mine.txt")));
    }

    /** Config, CSV and PNG files take the user's umask like any other file, not createTempFile's 0600. */
    @Test
    void filesTakeTheUmaskNotOwnerOnly(@TempDir Path tmp) throws Exception {
        Path probe = Files.createFile(tmp.resolve("probe"));
        var usual = Files.getPosixFilePermissions(probe);
        try (RunDirectory run = RunDirectory.at(tmp.resolve("run"))) {
            run.writeJson("config.json", Map.of("steps", 5));
            run.writeCsv("table.csv", tech.tablesaw.api.Table.create("t", tech.tablesaw.api.IntColumn.create("a", 1, 2)));
            illusions.image.RgbImage.filled(4, 4, 0.5f).writePng(run.resolve("x.png"));
            Path done = run.commit();
            for (String f : List.of("config.json", "table.csv", "x.png")) {
                assertEquals(usual, Files.getPosixFilePermissions(done.resolve(f)), f);
            }
        }
    }

    @Test
    void exportedModelsTakeTheUmaskToo(@TempDir Path tmp) throws Exception {
        var usual = Files.getPosixFilePermissions(Files.createDirectory(tmp.resolve("probe")));
        var spec = new illusions.model.ResNetSpec(List.of(1, 1, 1, 1), illusions.model.BlockType.BASIC, 2, 2, 32);
        illusions.model.ModelExporter.export(spec, illusions.model.StateDict.random(spec, 1),
                illusions.model.ModelCard.of(spec, null, null, Map.of()), tmp.resolve("m"));
        assertEquals(usual, Files.getPosixFilePermissions(tmp.resolve("m")));
    }

    @Test
    void writeErrorsNameTheFile(@TempDir Path tmp) throws Exception {
        Files.writeString(tmp.resolve("blocker"), "a file where a folder should be");
        Path target = tmp.resolve("blocker").resolve("x.png");
        var e = assertThrows(java.io.IOException.class, () -> illusions.image.RgbImage.filled(2, 2, 0f).writePng(target));
        assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
    }

    @Test
    void aLiveRunIsNotTakenOver(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("busy");
        try (RunDirectory run = RunDirectory.at(out)) {
            var e = assertThrows(FileAlreadyExistsException.class, () -> RunDirectory.at(out));
            assertTrue(e.getMessage().contains("still going"), e.getMessage());
            run.commit();
        }
        assertEquals(List.of("busy"), names(tmp));
    }
}
