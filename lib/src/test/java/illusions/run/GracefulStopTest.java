package illusions.run;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real SIGTERM to a child JVM: the polling loop gets to save before the JVM ends, and a loop that never polls does not hold it past the grace. */
class GracefulStopTest {

    /** The child: a loop of 20-ms "steps"; on a stop request it takes 700 ms to "save", then writes the step it saved. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        boolean polls = args[1].equals("polls");
        try (GracefulStop stop = GracefulStop.install("child", Duration.ofSeconds(Long.parseLong(args[2])))) {
            System.out.println("ready");
            System.out.flush();
            for (int step = 0; step < 100_000; step++) {
                if (polls && stop.requested()) {
                    Thread.sleep(700);
                    Files.writeString(out, "saved at step " + step);
                    stop.saved();
                    return;
                }
                Thread.sleep(20);
            }
        }
    }

    private static Process child(Path out, String mode, int graceSeconds) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), GracefulStopTest.class.getName(), out.toString(), mode,
                Integer.toString(graceSeconds));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertEquals("ready", r.readLine());
        Thread.sleep(200);
        return p;
    }

    @Test
    void aLoopThatPollsSavesBeforeTheJvmEndsOnSigterm(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("saved.txt");
        Process p = child(out, "polls", 30);
        p.destroy(); // SIGTERM
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the child did not end");
        assertTrue(Files.exists(out), "the loop was ended before it saved");
        assertTrue(Files.readString(out).startsWith("saved at step "));
    }

    @Test
    void aLoopThatNeverPollsEndsAfterTheGrace(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("saved.txt");
        Process p = child(out, "ignores", 2);
        long t0 = System.nanoTime();
        p.destroy();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the hook held the JVM past its grace");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(seconds >= 1.5, "ended after " + seconds + " s: the hook did not wait for the grace");
        assertFalse(Files.exists(out));
    }
}
