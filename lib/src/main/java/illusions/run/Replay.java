package illusions.run;

import com.fasterxml.jackson.databind.JsonNode;
import illusions.model.ModelCard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reruns a run from its config.json ({@code invocation}: script, arguments, working directory)
 * into a new folder, and compares the two: every CSV table cell by cell, and the recorded
 * versions of provenance.json (workbench commit, TensorFlow, Java, CPU, ...).
 */
public final class Replay {
    private Replay() {}

    /** How a run was started. */
    public record Invocation(String script, List<String> args, Path cwd) {}

    /** Runs a script with arguments in a working directory and returns its exit code. */
    public interface Runner {
        int run(String script, List<String> args, Path cwd) throws Exception;
    }

    /** One differing cell: 1-based data row (0 = the header), column name, the two values. */
    public record CellDiff(int row, String column, String original, String replay) {}

    /** A table that is not identical: why, its first differing cells, and how many cells differ. */
    public record FileDiff(String file, String problem, List<CellDiff> cells, long differingCells) {}

    /** A recorded version that changed. */
    public record VersionChange(String field, String original, String replay) {}

    public record Comparison(List<String> identical, List<FileDiff> differing, List<VersionChange> versions) {
        public boolean tablesIdentical() {
            return differing.isEmpty();
        }
    }

    /** Fields of provenance.json compared between the two runs. */
    public static final List<String> VERSION_FIELDS = List.of("workbench_commit", "workbench_dirty", "model_sha256",
            "tensorflow_version", "tensorflow_java", "java_version", "java_vendor", "os", "cpu", "cpu_id", "cpu_simd", "available_processors",
            "threads", "precision", "tensorflow_native", "devices");

    /** The invocation recorded in a run's config.json. */
    public static Invocation invocation(Path runDir) throws IOException {
        Path cfg = runDir.resolve("config.json");
        if (!Files.isRegularFile(cfg)) throw new IllegalArgumentException(runDir + " has no config.json: not a run folder");
        JsonNode c = ModelCard.json().readTree(cfg.toFile());
        JsonNode inv = c.get("invocation");
        if (inv == null || !inv.hasNonNull("script") || !inv.has("args")) {
            throw new IllegalArgumentException(runDir + "/config.json records no invocation (script and arguments):"
                    + " the run was made before replay existed, or by a script that does not record it");
        }
        List<String> args = new ArrayList<>();
        inv.get("args").forEach(a -> args.add(a.asText()));
        Path cwd = inv.hasNonNull("cwd") ? Path.of(inv.get("cwd").asText()) : null;
        return new Invocation(inv.get("script").asText(), args, cwd);
    }

    /** The arguments with any {@code --out DIR} / {@code --out=DIR} replaced by {@code --out newOut}. */
    public static List<String> withOut(List<String> args, Path newOut) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--out")) {
                i++;
                continue;
            }
            if (a.startsWith("--out=")) continue;
            out.add(a);
        }
        out.add("--out");
        out.add(newOut.toAbsolutePath().toString());
        return out;
    }

    /** Reruns {@code runDir} into {@code newDir} with {@code runner} and compares the two. */
    public static Comparison replay(Path runDir, Path newDir, Runner runner, int maxCells) throws Exception {
        Invocation inv = invocation(runDir);
        if (Files.exists(newDir)) throw new IllegalArgumentException(newDir + " exists already: choose another --out");
        Path cwd = inv.cwd() != null && Files.isDirectory(inv.cwd()) ? inv.cwd() : Workbench.root();
        int rc = runner.run(inv.script(), withOut(inv.args(), newDir), cwd);
        if (rc != 0 || !Files.isDirectory(newDir)) {
            throw new IOException("the replay of " + inv.script() + " failed (exit code " + rc + "); nothing to compare");
        }
        return compare(runDir, newDir, maxCells);
    }

    /** Compares every CSV of two run folders and their provenance. */
    public static Comparison compare(Path a, Path b, int maxCells) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        names.addAll(csvs(a));
        names.addAll(csvs(b));
        List<String> same = new ArrayList<>();
        List<FileDiff> diff = new ArrayList<>();
        for (String n : names) {
            Path fa = a.resolve(n), fb = b.resolve(n);
            if (!Files.isRegularFile(fa)) {
                diff.add(new FileDiff(n, "only in the replay", List.of(), 0));
                continue;
            }
            if (!Files.isRegularFile(fb)) {
                diff.add(new FileDiff(n, "missing from the replay", List.of(), 0));
                continue;
            }
            FileDiff d = compareCsv(n, Files.readString(fa, StandardCharsets.UTF_8), Files.readString(fb, StandardCharsets.UTF_8), maxCells);
            if (d == null) same.add(n);
            else diff.add(d);
        }
        return new Comparison(same, diff, versions(a.resolve("provenance.json"), b.resolve("provenance.json")));
    }

    static List<String> csvs(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".csv"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted(Comparator.naturalOrder()).toList();
        }
    }

    /** null when identical. */
    static FileDiff compareCsv(String name, String a, String b, int maxCells) {
        if (a.equals(b)) return null;
        List<List<String>> ra = Csv.parse(a), rb = Csv.parse(b);
        List<String> ha = ra.isEmpty() ? List.of() : ra.get(0), hb = rb.isEmpty() ? List.of() : rb.get(0);
        if (!ha.equals(hb)) return new FileDiff(name, "different columns: " + ha + " vs " + hb, List.of(), 0);
        List<CellDiff> cells = new ArrayList<>();
        long count = 0;
        for (int r = 1; r < Math.min(ra.size(), rb.size()); r++) {
            List<String> x = ra.get(r), y = rb.get(r);
            for (int c = 0; c < Math.max(x.size(), y.size()); c++) {
                String u = c < x.size() ? x.get(c) : "", v = c < y.size() ? y.get(c) : "";
                if (!u.equals(v)) {
                    count++;
                    if (cells.size() < maxCells) cells.add(new CellDiff(r, c < ha.size() ? ha.get(c) : "#" + c, u, v));
                }
            }
        }
        String problem = ra.size() != rb.size() ? (ra.size() - 1) + " rows vs " + (rb.size() - 1) + " rows" : "values differ";
        if (count == 0 && ra.size() == rb.size()) problem = "same cells, different text (quoting or line ends)";
        return new FileDiff(name, problem, cells, count);
    }

    static List<VersionChange> versions(Path a, Path b) throws IOException {
        List<VersionChange> out = new ArrayList<>();
        if (!Files.isRegularFile(a) || !Files.isRegularFile(b)) return out;
        JsonNode pa = ModelCard.json().readTree(a.toFile()), pb = ModelCard.json().readTree(b.toFile());
        List<JsonNode> la = new ArrayList<>(), lb = new ArrayList<>();
        if (pa.isArray()) pa.forEach(la::add);
        else la.add(pa);
        if (pb.isArray()) pb.forEach(lb::add);
        else lb.add(pb);
        for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
            JsonNode x = i < la.size() ? la.get(i) : null, y = i < lb.size() ? lb.get(i) : null;
            String prefix = la.size() > 1 || lb.size() > 1 ? "[" + i + "] " : "";
            for (String f : VERSION_FIELDS) {
                String u = x == null || !x.has(f) || x.get(f).isNull() ? null : x.get(f).asText();
                String v = y == null || !y.has(f) || y.get(f).isNull() ? null : y.get(f).asText();
                if (u == null ? v != null : !u.equals(v)) out.add(new VersionChange(prefix + f, u, v));
            }
        }
        return out;
    }

    /** The comparison as lines for a person. */
    public static String describe(Comparison c) {
        StringBuilder s = new StringBuilder();
        int total = c.identical().size() + c.differing().size();
        if (c.tablesIdentical()) {
            s.append("every table is identical (").append(total).append(" CSV files)\n");
        } else {
            s.append(c.differing().size()).append(" of ").append(total).append(" CSV files differ; identical: ")
                    .append(c.identical().isEmpty() ? "none" : String.join(", ", c.identical())).append('\n');
            for (FileDiff d : c.differing()) {
                s.append("  ").append(d.file()).append(": ").append(d.problem());
                if (d.differingCells() > 0) s.append(", ").append(d.differingCells()).append(" cells differ");
                s.append('\n');
                for (CellDiff x : d.cells()) {
                    s.append("    row ").append(x.row()).append(", ").append(x.column()).append(": ").append(x.original())
                            .append(" -> ").append(x.replay()).append('\n');
                }
            }
        }
        if (c.versions().isEmpty()) {
            s.append("recorded versions unchanged (workbench commit, TensorFlow, Java, CPU, threads, precision, devices, model hash)\n");
        } else {
            s.append("recorded versions that changed:\n");
            for (VersionChange v : c.versions()) {
                s.append("  ").append(v.field()).append(": ").append(v.original()).append(" -> ").append(v.replay()).append('\n');
            }
        }
        return s.toString();
    }

    /** Just enough CSV (RFC 4180 quoting) to compare tables cell by cell. */
    static final class Csv {
        static List<List<String>> parse(String text) {
            List<List<String>> rows = new ArrayList<>();
            List<String> row = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"') {
                    quoted = true;
                } else if (ch == ',') {
                    row.add(cell.toString());
                    cell.setLength(0);
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                    row.add(cell.toString());
                    cell.setLength(0);
                    rows.add(row);
                    row = new ArrayList<>();
                } else {
                    cell.append(ch);
                }
            }
            if (cell.length() > 0 || !row.isEmpty()) {
                row.add(cell.toString());
                rows.add(row);
            }
            return rows;
        }
    }

    /** Runs a workbench script through the {@code ./jbang} launcher, output passed through. */
    public static Runner launcher() {
        return (script, args, cwd) -> {
            List<String> cmd = new ArrayList<>();
            cmd.add(Workbench.root().resolve("jbang").toString());
            cmd.add(script);
            cmd.addAll(args);
            return new ProcessBuilder(cmd).directory(cwd.toFile()).inheritIO().start().waitFor();
        };
    }

    /** A map of the comparison for JSON. */
    public static Map<String, Object> toMap(Comparison c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tables_identical", c.tablesIdentical());
        m.put("identical", c.identical());
        m.put("differing", c.differing());
        m.put("version_changes", c.versions());
        return m;
    }
}
