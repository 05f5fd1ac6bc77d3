///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * A grid of runs, as independent jobs that any number of machines can share.
 *
 *   ./jbang sweep --out results/sweeps/s1 --grid model=models/shapes-robust,models/shapes-standard \
 *       --grid stimulus=kanizsa-square,rubin-vase --grid steps=100 --grid seed=0,1,2 -- --loss pgdd
 *   ./jbang sweep --out results/sweeps/s1 --grid-file docs/sweep-example.json --shard 0/4   # one of 4 shards
 *   ./jbang sweep --merge results/sweeps/s1                  # one table and one report of every finished job
 *
 * Steps: (1) expand the grid (every combination; each key becomes the script's --key option; arguments
 * after `--` go to every job) into jobs with stable ids, (2) record the grid in SWEEP/sweep.json (a
 * folder holding another grid is refused), (3) run this shard's jobs (job i belongs to shard i mod N)
 * one after another, each as `./jbang SCRIPT ARGS --out SWEEP/jobs/<id>`, its output in
 * SWEEP/logs/<id>.log. Each job's folder is atomic, so a job is either done (skipped when the shard is
 * run again) or not (redone). (4) --merge gathers the finished jobs into SWEEP/merged: jobs.csv,
 * effects.csv, trajectory.csv, report.html. On SLURM: docs/sweep.sbatch.
 */

import illusions.run.Scripts;
import illusions.run.Sweep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Expand a grid into jobs, run one shard of them (resumable), or merge the finished jobs.")
class sweep implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "the sweep folder (shared by all shards)")
    Path out;

    @Option(names = "--script", paramLabel = "NAME", description = "script each job runs (default: ${DEFAULT-VALUE})")
    String script = "gpi";

    @Option(names = "--grid", paramLabel = "KEY=V1,V2", description = "one axis of the grid (repeatable); KEY is an option of the script")
    List<String> grid = new ArrayList<>();

    @Option(names = "--grid-file", paramLabel = "FILE", description = "the grid as JSON: {\"script\": \"gpi\", \"grid\": {\"key\": [values]}, \"args\": [...]}")
    Path gridFile;

    @Option(names = "--shard", paramLabel = "I/N", description = "run only shard I of N (0-based; e.g. ${SLURM_ARRAY_TASK_ID}/N) (default: 0/1, every job)")
    String shard = "0/1";

    @Option(names = "--list", description = "print the jobs of the grid (and of the shard) and stop")
    boolean list;

    @Option(names = "--merge", paramLabel = "DIR", description = "gather the finished jobs of a sweep folder into DIR/merged")
    Path merge;

    @Parameters(paramLabel = "ARGS", description = "after --: arguments given to every job")
    List<String> fixed = new ArrayList<>();

    public static void main(String[] args) {
        Scripts.main(new sweep(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (merge != null) {
            Path merged = Sweep.merge(merge);
            System.out.println(Sweep.summary(merged));
            System.out.println("merged: " + merged + " (jobs.csv, report.html)");
            return 0;
        }
        if (gridFile != null && !grid.isEmpty()) throw new IllegalArgumentException("give --grid or --grid-file, not both");
        Sweep.Grid g;
        if (gridFile != null) {
            Sweep.Grid fromFile = Sweep.Grid.read(gridFile);
            List<String> all = new ArrayList<>(fromFile.fixed());
            all.addAll(fixed);
            g = new Sweep.Grid(fromFile.script(), fromFile.axes(), all);
        } else {
            g = Sweep.Grid.of(script, grid, fixed);
        }
        int[] s = Sweep.parseShard(shard);
        List<Sweep.Job> jobs = Sweep.expand(g);
        List<Sweep.Job> mine = Sweep.shard(jobs, s[0], s[1]);
        if (list) {
            for (Sweep.Job j : mine) System.out.println(j.id() + "  ./jbang " + g.script() + " " + String.join(" ", j.args()));
            System.out.printf("%d jobs in the grid, %d in shard %d/%d%n", jobs.size(), mine.size(), s[0], s[1]);
            return 0;
        }
        if (out == null) throw new IllegalArgumentException("--out DIR: the sweep folder, shared by all shards");
        Sweep.Outcome o = Sweep.run(out, g, s[0], s[1], Sweep.launcher(out), System.out);
        System.out.printf("shard %d/%d: %d jobs run, %d already done, %d failed%s%n", s[0], s[1], o.ran(), o.skipped(),
                o.failed().size(), o.failed().isEmpty() ? "" : " " + o.failed() + " (logs in " + out.resolve("logs") + ")");
        return o.failed().isEmpty() ? 0 : 1;
    }
}
