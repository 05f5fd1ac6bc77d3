package illusions.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import illusions.model.ModelCard;
import illusions.report.RunReport;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * A grid of runs (models x stimuli x parameters x seeds) as independent jobs, each written to its
 * own atomic run folder under {@code SWEEP/jobs/<id>}, so a sweep can be split into shards (SLURM
 * array tasks, or parallel processes), stopped and resumed: a job whose folder exists is done and
 * skipped; a job killed midway left only a hidden {@code .<id>.partial} folder and is redone.
 * {@link #merge} gathers every finished job into one table and one report.
 */
public final class Sweep {
    private Sweep() {}

    public static final String GRID_FILE = "sweep.json";

    /**
     * @param script the workbench script each job runs ("gpi", "kanizsa", "illusions")
     * @param axes   option name (without dashes) -> values, in order; the last axis varies fastest
     * @param fixed  arguments given to every job as they are
     */
    public record Grid(String script, Map<String, List<String>> axes, List<String> fixed) {
        public Grid {
            if (script == null || !script.matches("[a-z][a-z0-9_-]*")) throw new IllegalArgumentException("bad script name '" + script + "'");
            if (axes.isEmpty()) throw new IllegalArgumentException("the grid has no axes: give --grid key=v1,v2 or a grid file");
            for (var e : axes.entrySet()) {
                if (!e.getKey().matches("[a-z][a-z0-9-]*")) throw new IllegalArgumentException("bad grid key '" + e.getKey() + "'");
                if (e.getValue().isEmpty()) throw new IllegalArgumentException("grid key '" + e.getKey() + "' has no values");
                if (e.getKey().equals("out")) throw new IllegalArgumentException("--out is set by the sweep for each job");
            }
            for (String a : fixed) {
                if (a.equals("--out") || a.startsWith("--out=")) throw new IllegalArgumentException("--out is set by the sweep for each job");
            }
            axes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(axes));
            fixed = List.copyOf(fixed);
        }

        /**
         * Reads a grid file: {@code {"script": "gpi", "grid": {"model": [...], "stimulus": [...],
         * "steps": [10, 20], "seed": [0, 1]}, "args": ["--loss", "pgdd"]}}.
         */
        public static Grid read(Path file) throws IOException {
            JsonNode n = new ObjectMapper().readTree(file.toFile());
            if (n == null || !n.has("grid") || !n.get("grid").isObject()) {
                throw new IllegalArgumentException(file + ": a grid file needs a \"grid\" object of key -> list of values");
            }
            Map<String, List<String>> axes = new LinkedHashMap<>();
            n.get("grid").fields().forEachRemaining(e -> {
                List<String> vs = new ArrayList<>();
                if (e.getValue().isArray()) e.getValue().forEach(v -> vs.add(v.asText()));
                else vs.add(e.getValue().asText());
                axes.put(e.getKey(), vs);
            });
            List<String> fixed = new ArrayList<>();
            if (n.has("args")) n.get("args").forEach(a -> fixed.add(a.asText()));
            return new Grid(n.has("script") ? n.get("script").asText() : "gpi", axes, fixed);
        }

        /** From repeated {@code key=v1,v2} options. */
        public static Grid of(String script, List<String> keyValues, List<String> fixed) {
            Map<String, List<String>> axes = new LinkedHashMap<>();
            for (String kv : keyValues) {
                int eq = kv.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("--grid takes key=v1,v2,..., got '" + kv + "'");
                String key = kv.substring(0, eq).strip().replaceFirst("^--", "");
                if (axes.containsKey(key)) throw new IllegalArgumentException("grid key '" + key + "' given twice");
                List<String> vs = new ArrayList<>();
                for (String v : kv.substring(eq + 1).split(",")) if (!v.isBlank()) vs.add(v.strip());
                axes.put(key, vs);
            }
            return new Grid(script, axes, fixed);
        }

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("script", script);
            m.put("grid", axes);
            m.put("args", fixed);
            return m;
        }
    }

    /** One point of the grid: its index, folder name, values and the script's arguments (without --out). */
    public record Job(int index, String id, Map<String, String> values, List<String> args) {}

    /** Every job of the grid, in order (the last axis varies fastest). */
    public static List<Job> expand(Grid grid) {
        List<String> keys = new ArrayList<>(grid.axes().keySet());
        int total = 1;
        for (String k : keys) total = Math.multiplyExact(total, grid.axes().get(k).size());
        List<Job> jobs = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            Map<String, String> values = new LinkedHashMap<>();
            int rest = i;
            for (int k = keys.size() - 1; k >= 0; k--) {
                List<String> vs = grid.axes().get(keys.get(k));
                values.put(keys.get(k), vs.get(rest % vs.size()));
                rest /= vs.size();
            }
            Map<String, String> ordered = new LinkedHashMap<>();
            for (String k : keys) ordered.put(k, values.get(k));
            List<String> args = new ArrayList<>();
            for (var e : ordered.entrySet()) {
                args.add("--" + e.getKey());
                args.add(e.getValue());
            }
            args.addAll(grid.fixed());
            jobs.add(new Job(i, String.format("%04d-%s", i, hash(grid.script() + "\n" + String.join("\n", args))), ordered, args));
        }
        return jobs;
    }

    /** The jobs of shard {@code i} of {@code n} (0-based): every job whose index is i modulo n. */
    public static List<Job> shard(List<Job> jobs, int i, int n) {
        if (n < 1 || i < 0 || i >= n) throw new IllegalArgumentException("--shard I/N needs 0 <= I < N, got " + i + "/" + n);
        return jobs.stream().filter(j -> j.index() % n == i).toList();
    }

    /** Parses "I/N". */
    public static int[] parseShard(String s) {
        String[] p = s.split("/");
        try {
            if (p.length != 2) throw new NumberFormatException();
            int i = Integer.parseInt(p[0].strip()), n = Integer.parseInt(p[1].strip());
            shard(List.of(), i, n);
            return new int[] {i, n};
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard takes I/N (e.g. 0/4), got '" + s + "'");
        }
    }

    /** Runs one job: the script with the job's arguments and {@code --out out}; returns the exit code. */
    public interface Runner {
        int run(Grid grid, Job job, Path out) throws Exception;
    }

    public record Outcome(int ran, int skipped, List<String> failed) {}

    /**
     * Runs the jobs of one shard that are not done yet. The sweep folder's {@code sweep.json}
     * records the grid; a folder made for another grid is refused.
     */
    public static Outcome run(Path sweepDir, Grid grid, int shardIndex, int shards, Runner runner, PrintStream log)
            throws Exception {
        claim(sweepDir, grid);
        List<Job> mine = shard(expand(grid), shardIndex, shards);
        Path jobs = sweepDir.resolve("jobs");
        Files.createDirectories(jobs);
        int ran = 0, skipped = 0;
        List<String> failed = new ArrayList<>();
        for (Job j : mine) {
            Path out = jobs.resolve(j.id());
            if (Files.isDirectory(out)) {
                skipped++;
                continue;
            }
            // A job killed midway left a hidden partial (or failed) folder: redo it from scratch.
            deleteTree(jobs.resolve("." + j.id() + ".partial"));
            deleteTree(jobs.resolve("." + j.id() + ".failed"));
            log.printf("[shard %d/%d] job %s: %s %s%n", shardIndex, shards, j.id(), grid.script(), String.join(" ", j.args()));
            int rc;
            try {
                rc = runner.run(grid, j, out);
            } catch (Exception e) {
                log.printf("[shard %d/%d] job %s failed: %s%n", shardIndex, shards, j.id(), e);
                rc = -1;
            }
            if (rc == 0 && Files.isDirectory(out)) {
                ran++;
            } else {
                failed.add(j.id());
                log.printf("[shard %d/%d] job %s failed (exit code %d)%n", shardIndex, shards, j.id(), rc);
            }
        }
        return new Outcome(ran, skipped, failed);
    }

    /** Writes sweep.json if the folder is new, else checks that it holds the same grid. */
    static void claim(Path sweepDir, Grid grid) throws IOException {
        Files.createDirectories(sweepDir);
        Path f = sweepDir.resolve(GRID_FILE);
        byte[] mine = ModelCard.json().writeValueAsBytes(grid.toMap());
        if (!Files.exists(f)) {
            Path tmp = Files.createTempFile(sweepDir, "." + GRID_FILE, ".tmp");
            try {
                Files.write(tmp, mine);
                Files.move(tmp, f); // fails if another shard wrote it first
            } catch (FileAlreadyExistsException e) {
                // another shard was first: compare below
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        Grid theirs = Grid.read(f);
        if (!theirs.equals(grid)) {
            throw new IllegalArgumentException(sweepDir + " holds another sweep (" + f + "): " + theirs.toMap()
                    + "; use another --out, or the same grid to resume it");
        }
    }

    /** Runs a job through the {@code ./jbang} launcher, its output in {@code SWEEP/logs/<id>.log}. */
    public static Runner launcher(Path sweepDir) {
        return (grid, job, out) -> {
            List<String> cmd = new ArrayList<>();
            cmd.add(Workbench.root().resolve("jbang").toString());
            cmd.add(grid.script());
            cmd.addAll(job.args());
            cmd.add("--out");
            cmd.add(out.toAbsolutePath().toString());
            Path logs = sweepDir.resolve("logs");
            Files.createDirectories(logs);
            Path logFile = logs.resolve(job.id() + ".log");
            return new ProcessBuilder(cmd).directory(Workbench.root().toFile()).redirectErrorStream(true)
                    .redirectOutput(logFile.toFile()).start().waitFor();
        };
    }

    /**
     * Gathers every finished job into {@code SWEEP/merged} (replaced atomically): {@code jobs.csv}
     * (one row per job: its grid values, status, and the last iteration of its trajectory: mean loss,
     * mean top-class probability, the most frequent top class), {@code effects.csv} (every job's
     * effects, with the grid values in front), {@code trajectory.csv} (every job's trajectories, the
     * sample named by the job's grid values other than the seed, so plots average over seeds),
     * config.json and report.html.
     */
    public static Path merge(Path sweepDir) throws IOException {
        Path gridFile = sweepDir.resolve(GRID_FILE);
        if (!Files.isRegularFile(gridFile)) throw new IllegalArgumentException(sweepDir + " has no " + GRID_FILE + ": not a sweep folder");
        Grid grid = Grid.read(gridFile);
        List<Job> all = expand(grid);
        List<String> keys = new ArrayList<>(grid.axes().keySet());

        Table jobsTable = Table.create("jobs");
        jobsTable.addColumns(StringColumn.create("job"));
        for (String k : keys) jobsTable.addColumns(StringColumn.create(k));
        jobsTable.addColumns(StringColumn.create("status"), IntColumn.create("final_iteration"), DoubleColumn.create("final_loss"),
                DoubleColumn.create("final_p1"), StringColumn.create("top1"), IntColumn.create("samples"));
        Table effects = null;
        Table trajectories = null;
        int done = 0;
        for (Job j : all) {
            Path dir = sweepDir.resolve("jobs").resolve(j.id());
            boolean ok = Files.isDirectory(dir);
            String status = ok ? "done" : Files.exists(sweepDir.resolve("jobs").resolve("." + j.id() + ".failed")) ? "failed"
                    : Files.exists(sweepDir.resolve("jobs").resolve("." + j.id() + ".partial")) ? "unfinished" : "not run";
            jobsTable.stringColumn("job").append(j.id());
            for (String k : keys) jobsTable.stringColumn(k).append(j.values().get(k));
            jobsTable.stringColumn("status").append(status);
            Integer lastIt = null;
            double loss = Double.NaN, p1 = Double.NaN;
            String top = "";
            int samples = 0;
            if (ok) {
                done++;
                Path traj = dir.resolve("trajectory.csv");
                if (Files.isRegularFile(traj)) {
                    Table t = read(traj);
                    int last = (int) t.numberColumn("iteration").max();
                    Table end = t.where(t.numberColumn("iteration").isEqualTo(last));
                    lastIt = last;
                    loss = end.numberColumn("loss").mean();
                    if (end.columnNames().contains("p1")) p1 = end.numberColumn("p1").mean();
                    if (end.columnNames().contains("top1")) top = mode(end.column("top1").asStringColumn().asList());
                    samples = end.rowCount();
                    Table copy = t.copy();
                    String label = label(j, keys);
                    StringColumn sample = StringColumn.create("sample");
                    for (int r = 0; r < copy.rowCount(); r++) sample.append(label + (copy.rowCount() > 0 && distinctSamples(t) > 1
                            ? " " + t.getString(r, "sample") : ""));
                    copy.replaceColumn("sample", sample);
                    if (j.values().containsKey("seed") && copy.columnNames().contains("seed")) {
                        LongColumn seed = LongColumn.create("seed");
                        for (int r = 0; r < copy.rowCount(); r++) seed.append(Long.parseLong(j.values().get("seed")));
                        copy.replaceColumn("seed", seed);
                    }
                    trajectories = append(trajectories, withJob(copy, j, keys, false));
                }
                Path eff = dir.resolve("effects.csv");
                if (Files.isRegularFile(eff)) effects = append(effects, withJob(read(eff), j, keys, true));
            }
            if (lastIt == null) jobsTable.intColumn("final_iteration").appendMissing();
            else jobsTable.intColumn("final_iteration").append(lastIt);
            jobsTable.doubleColumn("final_loss").append(loss);
            jobsTable.doubleColumn("final_p1").append(p1);
            jobsTable.stringColumn("top1").append(top);
            jobsTable.intColumn("samples").append(samples);
        }

        Path merged = sweepDir.resolve("merged");
        Path tmp = sweepDir.resolve(".merged.partial-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        Files.createDirectories(tmp);
        try {
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("script", "sweep");
            cfg.put("sweep", grid.toMap());
            cfg.put("jobs", all.size());
            cfg.put("jobs_done", done);
            ModelCard.json().writeValue(tmp.resolve("config.json").toFile(), cfg);
            jobsTable.write().csv(tmp.resolve("jobs.csv").toFile());
            if (effects != null) effects.write().csv(tmp.resolve("effects.csv").toFile());
            if (trajectories != null) trajectories.write().csv(tmp.resolve("trajectory.csv").toFile());
            RunReport.write(tmp, "merged (" + done + " of " + all.size() + " jobs)");
            Path old = sweepDir.resolve(".merged.old-" + ProcessHandle.current().pid());
            if (Files.exists(merged)) Files.move(merged, old, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, merged, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(old);
        } finally {
            deleteTree(tmp);
        }
        return merged;
    }

    static int distinctSamples(Table t) {
        return t.stringColumn("sample").unique().size();
    }

    static String label(Job j, List<String> keys) {
        List<String> parts = new ArrayList<>();
        for (String k : keys) if (!k.equals("seed")) parts.add(k + "=" + shortValue(j.values().get(k)));
        return parts.isEmpty() ? "all" : String.join(" ", parts);
    }

    static String shortValue(String v) {
        int slash = v.replace('\\', '/').lastIndexOf('/');
        return slash >= 0 && slash < v.length() - 1 ? v.substring(slash + 1) : v;
    }

    /** The table with a {@code job} column and the grid values in front (all as text). */
    static Table withJob(Table t, Job j, List<String> keys, boolean keepAll) {
        Table out = Table.create(t.name());
        StringColumn id = StringColumn.create("job");
        for (int r = 0; r < t.rowCount(); r++) id.append(j.id());
        out.addColumns(id);
        for (String k : keys) {
            if (t.columnNames().contains(k)) continue;
            StringColumn c = StringColumn.create(k);
            for (int r = 0; r < t.rowCount(); r++) c.append(j.values().get(k));
            out.addColumns(c);
        }
        for (Column<?> c : t.columns()) out.addColumns(c.copy());
        return out;
    }

    static Table append(Table acc, Table t) {
        if (acc == null) return t;
        if (!acc.columnNames().equals(t.columnNames())) return acc; // a job of another shape: kept in its own folder
        for (int i = 0; i < t.columnCount(); i++) {
            if (acc.column(i).type() != t.column(i).type()) {
                // Tablesaw may read a column as integers in one job and doubles in another: compare as text
                return appendAsText(acc, t);
            }
        }
        return acc.append(t);
    }

    static Table appendAsText(Table acc, Table t) {
        Table out = Table.create(acc.name());
        for (int i = 0; i < acc.columnCount(); i++) {
            StringColumn c = StringColumn.create(acc.column(i).name());
            for (int r = 0; r < acc.rowCount(); r++) c.append(acc.getString(r, i));
            for (int r = 0; r < t.rowCount(); r++) c.append(t.getString(r, i));
            out.addColumns(c);
        }
        return out;
    }

    static String mode(List<String> xs) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (String x : xs) n.merge(x, 1, Integer::sum);
        return n.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("");
    }

    static Table read(Path csv) throws IOException {
        return Table.read().usingOptions(CsvReadOptions.builder(csv.toFile()).maxCharsPerColumn(1 << 20));
    }

    static String hash(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    /** The merged jobs table, for printing. */
    public static String summary(Path merged) throws IOException {
        return GpiReport.rounded(read(merged.resolve("jobs.csv")), 4);
    }
}
