package illusions.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

/** Sweeps: grid expansion, shards run in parallel threads, a killed job redone, finished jobs skipped, the merge. */
class SweepTest {
    @TempDir Path tmp;

    static final Sweep.Grid GRID = Sweep.Grid.of("tiny",
            List.of("stimulus=kanizsa-square,rubin-vase", "steps=2,3", "seed=0,1"), List.of("--seeds", "1"));

    static final AtomicInteger RUNS = new AtomicInteger();

    /** Runs a job in this JVM: the tiny script with the job's arguments. */
    static final Sweep.Runner IN_PROCESS = (grid, job, out) -> {
        RUNS.incrementAndGet();
        List<String> args = new ArrayList<>(job.args());
        args.add("--out");
        args.add(out.toString());
        return Scripts.run(new TinyRun(), args.toArray(String[]::new));
    };

    @Test
    void theGridExpandsIntoEveryCombinationAndShardsPartitionIt() {
        List<Sweep.Job> jobs = Sweep.expand(GRID);
        assertEquals(8, jobs.size());
        assertEquals(List.of("--stimulus", "kanizsa-square", "--steps", "2", "--seed", "0", "--seeds", "1"), jobs.get(0).args());
        assertEquals(List.of("--stimulus", "rubin-vase", "--steps", "3", "--seed", "1", "--seeds", "1"), jobs.get(7).args());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 3; i++) for (Sweep.Job j : Sweep.shard(jobs, i, 3)) assertTrue(ids.add(j.id()), "disjoint");
        assertEquals(8, ids.size(), "the shards cover the grid");
        assertEquals(jobs, Sweep.expand(GRID), "stable ids");
        assertThrows(IllegalArgumentException.class, () -> Sweep.parseShard("3/3"));
        assertThrows(IllegalArgumentException.class, () -> Sweep.Grid.of("gpi", List.of("steps"), List.of()));
    }

    @Test
    void shardsInParallelThenAKilledJobIsRedoneAndTheMergeGathersAll() throws Exception {
        Path dir = tmp.resolve("sweep");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        // Shard 0 of 2 "is killed" on its second job: that job leaves only a hidden partial folder.
        Sweep.Job victim = Sweep.shard(Sweep.expand(GRID), 0, 2).get(1);
        Sweep.Runner killedOnce = (grid, job, out) -> {
            if (job.equals(victim)) {
                Files.createDirectories(out.resolveSibling("." + out.getFileName() + ".partial"));
                throw new IllegalStateException("killed");
            }
            return IN_PROCESS.run(grid, job, out);
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Sweep.Outcome> s0 = pool.submit(() -> Sweep.run(dir, GRID, 0, 2, killedOnce, quiet));
            Future<Sweep.Outcome> s1 = pool.submit(() -> Sweep.run(dir, GRID, 1, 2, IN_PROCESS, quiet));
            Sweep.Outcome o0 = s0.get(), o1 = s1.get();
            assertEquals(3, o0.ran());
            assertEquals(List.of(victim.id()), o0.failed());
            assertEquals(4, o1.ran());
        } finally {
            pool.shutdown();
        }
        assertTrue(Files.isDirectory(dir.resolve("jobs/." + victim.id() + ".partial")));
        Table partial = Table.read().csv(Sweep.merge(dir).resolve("jobs.csv").toFile());
        assertEquals(1, partial.where(partial.stringColumn("status").isEqualTo("unfinished")).rowCount());

        // Resume shard 0: only the killed job runs again.
        RUNS.set(0);
        Sweep.Outcome again = Sweep.run(dir, GRID, 0, 2, IN_PROCESS, quiet);
        assertEquals(1, again.ran());
        assertEquals(3, again.skipped());
        assertEquals(1, RUNS.get());
        assertFalse(Files.exists(dir.resolve("jobs/." + victim.id() + ".partial")));

        Path merged = Sweep.merge(dir);
        Table jobs = Table.read().csv(merged.resolve("jobs.csv").toFile());
        assertEquals(8, jobs.rowCount());
        assertEquals(8, jobs.where(jobs.stringColumn("status").isEqualTo("done")).rowCount());
        assertFalse(jobs.doubleColumn("final_loss").isMissing().size() > 0, "every job has a final loss");
        Table traj = Table.read().csv(merged.resolve("trajectory.csv").toFile());
        assertTrue(traj.columnNames().containsAll(List.of("job", "stimulus", "steps", "seed", "sample", "loss")));
        assertEquals(2 * (3 + 4) * 2, traj.rowCount(), "every job's iterations: (2+1 or 3+1) x 2 stimuli x 2 seeds");
        String html = Files.readString(merged.resolve("report.html"));
        assertTrue(html.contains("jobs.csv") && html.contains("<img src=\"data:image/png;base64,"));
        assertTrue(Files.isRegularFile(dir.resolve("sweep.json")));
    }

    @Test
    void aFolderOfAnotherGridIsRefused() throws Exception {
        Path dir = tmp.resolve("s");
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        Sweep.run(dir, GRID, 0, 8, (g, j, o) -> 0, quiet);
        Sweep.Grid other = Sweep.Grid.of("tiny", List.of("steps=9"), List.of());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.run(dir, other, 0, 1, IN_PROCESS, quiet));
        assertTrue(e.getMessage().contains("another sweep"));
    }
}
