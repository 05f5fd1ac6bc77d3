package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with -9 or stopped with Ctrl-C (SIGINT) in a child JVM running the real gpi script:
 * nothing that looks complete is left, SIGINT says so in one line and marks the run failed, and
 * the next run with the same --out succeeds. Failed runs record their error and block nothing.
 */
class InterruptedRunTest {
    @TempDir
    Path tmp;

    /** Starts a long gpi run into {@code out} and waits until it is stepping (its .partial exists and a bar shows). */
    private Process startLongRun(Path out, Path errFile) throws Exception {
        Process p = ScriptHarness.child("gpi", "--model", ScriptHarness.tinyModel().toString(), "--stimulus",
                "kanizsa-square", "--steps", "100000", "--show", "0", "--threads", "1", "--out", out.toString())
                .redirectError(errFile.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Path partial = out.resolveSibling("." + out.getFileName() + ".partial");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!(Files.isDirectory(partial) && Files.readString(errFile).contains("gpi"))) {
            assertTrue(p.isAlive(), "the run ended early: " + Files.readString(errFile));
            assertTrue(System.nanoTime() < deadline, "the run did not start: " + Files.readString(errFile));
            Thread.sleep(100);
        }
        Thread.sleep(300);
        return p;
    }

    private static void assertNothingLooksComplete(Path parent, String name) throws IOException {
        for (String n : ScriptHarness.names(parent)) {
            assertTrue(n.startsWith("."), "only hidden leftovers: " + ScriptHarness.names(parent));
        }
        assertFalse(Files.exists(parent.resolve(name)));
    }

    private static void nextRunSucceeds(Path out) throws Exception {
        ScriptHarness.Outcome o = ScriptHarness.run("gpi", "--model", ScriptHarness.tinyModel().toString(), "--stimulus",
                "kanizsa-square", "--steps", "1", "--threads", "1", "--out", out.toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(Files.isRegularFile(out.resolve("final.png")));
    }

    @Test
    void killMinusNineLeavesNothingCompleteAndTheNextRunSucceeds() throws Exception {
        Path out = tmp.resolve("runs").resolve("k9");
        Files.createDirectories(out.getParent());
        Process p = startLongRun(out, tmp.resolve("k9.err"));
        p.destroyForcibly(); // SIGKILL: no hook runs
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue());
        assertNothingLooksComplete(out.getParent(), "k9");
        assertTrue(Files.isDirectory(out.resolveSibling(".k9.partial")));

        nextRunSucceeds(out);
        // the dead run's folder was set aside as failed, saying why
        Path failed = out.resolveSibling(".k9.failed");
        assertTrue(Files.readString(failed.resolve("FAILED.txt")).startsWith("interrupted"));
        assertEquals(List.of(".k9.failed", "k9"), ScriptHarness.names(out.getParent()));
    }

    /** Whether this process ignores SIGINT (started in the background by a shell without job control): its children then do too. */
    static boolean sigintIgnored() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status)) return false;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) return (Long.parseUnsignedLong(line.substring(7).strip(), 16) & 0x2L) != 0;
        }
        return false;
    }

    @Test
    void ctrlCSaysSoMarksTheRunInterruptedAndTheNextRunSucceeds() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(sigintIgnored(),
                "SIGINT is ignored here (and in every child), so Ctrl-C cannot be tested: run the tests from a shell with job control");
        Path out = tmp.resolve("runs").resolve("int");
        Files.createDirectories(out.getParent());
        Path errFile = tmp.resolve("int.err");
        Process p = startLongRun(out, errFile);
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
        assertEquals(0, kill.waitFor());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue());
        String err = Files.readString(errFile, StandardCharsets.UTF_8);
        // the progress line is ended, then one line says what happened and where
        String last = err.substring(err.stripTrailing().lastIndexOf('\n') + 1).strip();
        assertTrue(last.startsWith("gpi: interrupted; the unfinished run is kept in ") && last.endsWith(".int.failed"), err);
        assertTrue(err.stripTrailing().contains("\ngpi: interrupted"), "on a line of its own: " + err);
        assertNothingLooksComplete(out.getParent(), "int");
        Path failed = out.resolveSibling(".int.failed");
        assertTrue(Files.readString(failed.resolve("FAILED.txt")).startsWith("interrupted"));

        nextRunSucceeds(out);
        assertEquals(List.of(".int.failed", "int"), ScriptHarness.names(out.getParent()));
    }

    /** A failure after the run folder exists: the error in FAILED.txt; later runs with the same --out are not blocked. */
    @Test
    void failedRunsRecordTheirErrorAndNeverBlockTheNext() throws Exception {
        Path out = tmp.resolve("runs").resolve("f");
        for (int attempt = 1; attempt <= 3; attempt++) {
            java.io.PrintStream old = System.err;
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            System.setErr(new java.io.PrintStream(err, true, StandardCharsets.UTF_8));
            int status;
            try {
                status = Scripts.run(new Failing(out, attempt), new String[0]);
            } finally {
                System.setErr(old);
            }
            assertEquals(1, status);
            String suffix = attempt == 1 ? "" : "-" + attempt;
            assertEquals("failing: the disk went away on attempt " + attempt + " (what the run wrote is kept in "
                    + out.resolveSibling(".f.failed" + suffix) + ")", err.toString(StandardCharsets.UTF_8).strip());
            Path failed = out.resolveSibling(".f.failed" + (attempt == 1 ? "" : "-" + attempt));
            assertEquals("the run failed: the disk went away on attempt " + attempt,
                    Files.readString(failed.resolve("FAILED.txt")).strip());
        }
        try (RunDirectory run = RunDirectory.at(out)) {
            run.writeText("done.txt", "yes");
            run.commit();
        }
        assertEquals(List.of(".f.failed", ".f.failed-2", ".f.failed-3", "f"), ScriptHarness.names(out.getParent()));
    }

    @picocli.CommandLine.Command(name = "failing")
    static final class Failing implements java.util.concurrent.Callable<Integer> {
        final Path out;
        final int attempt;

        Failing(Path out, int attempt) {
            this.out = out;
            this.attempt = attempt;
        }

        @Override
        public Integer call() throws Exception {
            try (RunDirectory run = RunDirectory.at(out)) {
                run.writeText("partial.txt", "half");
                throw new IOException("the disk went away on attempt " + attempt);
            }
        }
    }
}
