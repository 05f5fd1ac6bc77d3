package illusions.train;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFolderTest {
    @TempDir
    Path tmp;

    static List<String> names(CheckpointFolder f) throws Exception {
        return f.list().stream().map(p -> p.getFileName().toString()).toList();
    }

    @Test
    void savingKeepsTheTwoNewestCheckpointsAndNothingElseIsTouched() throws Exception {
        CheckpointFolder folder = CheckpointFolder.of(tmp.resolve("run"));
        assertEquals(tmp.resolve("run/checkpoints"), folder.dir());
        assertTrue(folder.latest().isEmpty(), "no folder yet: no checkpoint");
        Files.createDirectories(folder.dir());
        Files.writeString(folder.dir().resolve("step-000000001.ckpt"), "old");
        Files.writeString(folder.dir().resolve("notes.txt"), "mine");
        Files.writeString(folder.dir().resolve(".step-000000001.ckpt.1234abcd.tmp"), "");
        try (Trainer t = new Trainer(TrainerTest.tiny("standard", 0.05f), 2)) {
            t.trainStep();
            t.trainStep();
            Path saved = folder.save(t);
            assertEquals(folder.dir().resolve("step-000000002.ckpt"), saved);
            assertEquals(List.of("step-000000001.ckpt", "step-000000002.ckpt"), names(folder), "two: nothing pruned");
            t.trainStep();
            folder.save(t);
            assertEquals(List.of("step-000000002.ckpt", "step-000000003.ckpt"), names(folder), "the oldest pruned");
            folder.save(t); // the same step again overwrites, prunes nothing
            assertEquals(List.of("step-000000002.ckpt", "step-000000003.ckpt"), names(folder));
        }
        assertTrue(Files.exists(folder.dir().resolve("notes.txt")));
        assertTrue(Files.exists(folder.dir().resolve(".step-000000001.ckpt.1234abcd.tmp")));
        Path latest = folder.latest().orElseThrow();
        assertEquals(3, Checkpoint.read(latest).header().step(), "the latest file holds the latest step");
        try (Trainer resumed = Trainer.resume(latest, 2, 0)) {
            assertEquals(3, resumed.step());
        }
    }

    @Test
    void theLatestCheckpointIsTheHighestStepNotTheLastName() throws Exception {
        CheckpointFolder folder = new CheckpointFolder(tmp);
        for (String n : List.of("step-000000010.ckpt", "step-9.ckpt", "step-000000002.ckpt", "step-11.ckpt.partial",
                "step-x.ckpt", "model.ckpt")) {
            Files.writeString(tmp.resolve(n), "");
        }
        Files.createDirectory(tmp.resolve("step-000000099.ckpt.d"));
        assertEquals(List.of("step-000000002.ckpt", "step-9.ckpt", "step-000000010.ckpt"), names(folder));
        assertEquals(tmp.resolve("step-000000010.ckpt"), folder.latest().orElseThrow());
        assertEquals("step-000000042.ckpt", CheckpointFolder.fileName(42));
        assertTrue(new CheckpointFolder(tmp.resolve("missing")).list().isEmpty());
    }

    @Test
    void aRunHeldByAnotherProcessIsRefusedAndFreedWhenThatProcessEnds() throws Exception {
        Path run = tmp.resolve("run");
        // another JVM holds the run's lock, as a second `train` on the same --out would find it
        Path holder = tmp.resolve("Holder.java");
        Files.writeString(holder, """
                import java.nio.channels.FileChannel;
                import java.nio.file.*;
                public class Holder {
                    public static void main(String[] a) throws Exception {
                        Files.createDirectories(Path.of(a[0]));
                        FileChannel ch = FileChannel.open(Path.of(a[0], ".train.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        var lock = ch.lock();
                        System.out.println("held");
                        Thread.sleep(60_000);
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), holder.toString(), run.toString())
                .redirectErrorStream(true).start();
        try {
            String line = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            assertEquals("held", line);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CheckpointFolder.lock(run));
            assertTrue(e.getMessage().contains("being trained by another process") && e.getMessage().contains("--out"), e.getMessage());
        } finally {
            p.destroyForcibly().waitFor();
        }
        // the operating system released it with the process; this process now gets it, once
        try (AutoCloseable lock = CheckpointFolder.lock(run)) {
            assertThrows(IllegalArgumentException.class, () -> CheckpointFolder.lock(run));
        }
        CheckpointFolder.lock(run).close();
    }

    @Test
    void anAbandonedRunLeavesNoFolderOfItsOwnAndKeepsAnythingElse(@TempDir Path tmp) throws Exception {
        Path fresh = tmp.resolve("refused");
        CheckpointFolder.abandon(fresh, CheckpointFolder.lock(fresh));
        assertFalse(Files.exists(fresh), "a folder holding only the lock is removed");

        Path used = tmp.resolve("used");
        AutoCloseable lock = CheckpointFolder.lock(used);
        Files.writeString(used.resolve("notes.txt"), "kept");
        CheckpointFolder.abandon(used, lock);
        assertTrue(Files.exists(used.resolve("notes.txt")), "anything else stays");
        assertFalse(Files.exists(used.resolve(".train.lock")));
        CheckpointFolder.lock(used).close(); // released: the next run can take it
    }
}
