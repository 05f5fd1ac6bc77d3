package illusions.checkpoint;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a JVM with a small heap (-Xmx64m) by {@code ForgedCheckpointTest}: reads every file given,
 * printing "name: accepted" or the refusal, then fuzzes the given fixtures; exits 3 on anything
 * but a CheckpointException (an OutOfMemoryError above all).
 */
public final class SmallHeapMain {
    public static void main(String[] args) throws Exception {
        int status = 0;
        Path work = null;
        for (String a : args) {
            if (a.startsWith("--fuzz=")) {
                String[] parts = a.substring(7).split(":");
                if (work == null) work = java.nio.file.Files.createTempDirectory("smallheap");
                CheckpointFuzzer.Counts c = new CheckpointFuzzer(work, Duration.ofSeconds(10))
                        .fuzz(Path.of(parts[0]), Integer.parseInt(parts[1]), 5);
                System.out.println("fuzz " + Path.of(parts[0]).getFileName() + ": " + c);
                c.problems.forEach(p -> System.out.println("PROBLEM " + p));
                if (!c.problems.isEmpty()) status = 3;
                continue;
            }
            Path f = Path.of(a);
            try {
                CheckpointReader.read(f);
                System.out.println(f.getFileName() + ": accepted");
            } catch (CheckpointException e) {
                System.out.println(e.getMessage());
            } catch (Throwable t) {
                System.out.println(f.getFileName() + ": RAW " + t);
                status = 3;
            }
        }
        System.out.println("heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
        System.exit(status);
    }
}
