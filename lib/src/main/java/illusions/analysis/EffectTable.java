package illusions.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Row;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The analysis every illusion experiment shares: a long table of measurements, one row per
 * (grouping keys..., condition, seed, iteration, measure) with a {@code value}, turned into paired
 * effects of one condition (the illusion) against each of its controls, matched by seed, at one
 * iteration, with a paired t-test per group. Used by the Kanizsa protocol and the Rubin
 * experiment, so both compute the same statistics the same way.
 *
 * <p>Columns required: the {@code keys} (strings), {@code condition} (string), {@code seed}
 * (long or int), {@code iteration} (int), {@code measure} (string), {@code value} (double).
 */
public final class EffectTable {
    private EffectTable() {}

    /** The long table's column set, for building one. */
    public static Table empty(String name, List<String> keys) {
        Table t = Table.create(name);
        for (String k : keys) t.addColumns(StringColumn.create(k));
        t.addColumns(StringColumn.create("condition"), tech.tablesaw.api.LongColumn.create("seed"),
                IntColumn.create("iteration"), StringColumn.create("measure"), DoubleColumn.create("value"));
        return t;
    }

    /**
     * A long table written by a run ({@code measurements.csv}) read back with the types of
     * {@link #empty}; a file that is missing or has other columns is refused in one line.
     */
    public static Table read(java.nio.file.Path csv, List<String> keys) throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("no " + csv.getFileName() + " at " + csv + ": give the folder of a finished run");
        }
        Table like = empty(csv.getFileName().toString(), keys);
        List<String> want = like.columnNames();
        String header;
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(csv)) {
            header = r.readLine();
        }
        if (header == null || !List.of(header.strip().split(",", -1)).equals(want)) {
            throw new IllegalArgumentException(csv + " has the columns [" + header + "], not " + want
                    + ": it is not a measurements table of this kind of run");
        }
        tech.tablesaw.api.ColumnType[] types = like.columns().stream().map(tech.tablesaw.columns.Column::type)
                .toArray(tech.tablesaw.api.ColumnType[]::new);
        try {
            return Table.read().usingOptions(tech.tablesaw.io.csv.CsvReadOptions.builder(csv.toFile()).columnTypes(types)
                    .tableName(csv.getFileName().toString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(csv + " could not be read as a measurements table: " + e.getMessage());
        }
    }

    /** Appends one measurement to a table made by {@link #empty}. */
    public static void add(Table t, List<String> keyValues, String condition, long seed, int iteration, String measure,
            double value) {
        int k = 0;
        for (; k < keyValues.size(); k++) t.stringColumn(k).append(keyValues.get(k));
        t.stringColumn("condition").append(condition);
        t.longColumn("seed").append(seed);
        t.intColumn("iteration").append(iteration);
        t.stringColumn("measure").append(measure);
        t.doubleColumn("value").append(value);
    }

    /**
     * Paired effects {@code stimulus} minus each of {@code controls}, per group of {@code keys} and
     * measure, at {@code iteration}: columns keys..., measure, control, n, stimulus_mean,
     * control_mean, effect, sem, ci_low, ci_high, t, p_greater, p_two_sided. Seeds present in only
     * one of the two conditions are an error (the design is paired).
     */
    public static Table effects(Table measurements, List<String> keys, String stimulus, List<String> controls, int iteration) {
        Table at = measurements.where(measurements.intColumn("iteration").isEqualTo(iteration));
        if (at.isEmpty()) throw new IllegalArgumentException("no measurements at iteration " + iteration);
        // group -> condition -> seed -> value
        Map<List<String>, Map<String, Map<Long, Double>>> groups = new LinkedHashMap<>();
        for (Row r : at) {
            List<String> g = new ArrayList<>();
            for (String k : keys) g.add(r.getString(k));
            g.add(r.getString("measure"));
            long seed = r.getColumnType("seed").name().equals("INTEGER") ? r.getInt("seed") : r.getLong("seed");
            groups.computeIfAbsent(g, x -> new LinkedHashMap<>())
                    .computeIfAbsent(r.getString("condition"), x -> new LinkedHashMap<>())
                    .put(seed, r.getDouble("value"));
        }
        Table out = Table.create("effects at iteration " + iteration);
        for (String k : keys) out.addColumns(StringColumn.create(k));
        out.addColumns(StringColumn.create("measure"), StringColumn.create("control"), IntColumn.create("n"),
                DoubleColumn.create("stimulus_mean"), DoubleColumn.create("control_mean"), DoubleColumn.create("effect"),
                DoubleColumn.create("sem"), DoubleColumn.create("ci_low"), DoubleColumn.create("ci_high"),
                DoubleColumn.create("t"), DoubleColumn.create("p_greater"), DoubleColumn.create("p_two_sided"));
        for (var e : groups.entrySet()) {
            Map<Long, Double> s = e.getValue().get(stimulus);
            if (s == null) continue;
            for (String c : controls) {
                Map<Long, Double> cv = e.getValue().get(c);
                if (cv == null) continue;
                Set<Long> seeds = new LinkedHashSet<>(s.keySet());
                if (!seeds.equals(cv.keySet())) {
                    throw new IllegalArgumentException("unpaired design in " + e.getKey() + ": seeds of " + stimulus + " "
                            + s.keySet() + " vs " + c + " " + cv.keySet());
                }
                double[] a = seeds.stream().mapToDouble(s::get).toArray();
                double[] b = seeds.stream().mapToDouble(cv::get).toArray();
                PairedTest p = PairedTest.of(a, b);
                int col = 0;
                for (; col < keys.size(); col++) out.stringColumn(col).append(e.getKey().get(col));
                out.stringColumn("measure").append(e.getKey().get(keys.size()));
                out.stringColumn("control").append(c);
                out.intColumn("n").append(p.n());
                out.doubleColumn("stimulus_mean").append(p.meanA());
                out.doubleColumn("control_mean").append(p.meanB());
                out.doubleColumn("effect").append(p.difference());
                out.doubleColumn("sem").append(p.sem());
                out.doubleColumn("ci_low").append(p.ciLow());
                out.doubleColumn("ci_high").append(p.ciHigh());
                out.doubleColumn("t").append(p.t());
                out.doubleColumn("p_greater").append(p.pGreater());
                out.doubleColumn("p_two_sided").append(p.pTwoSided());
            }
        }
        return out;
    }

    /**
     * Mean and SEM across seeds of every (keys..., condition, measure) at every iteration: the
     * time courses that plots draw with SEM bands.
     */
    public static Table timeCourses(Table measurements, List<String> keys) {
        Map<List<String>, List<Double>> cells = new LinkedHashMap<>();
        for (Row r : measurements) {
            List<String> g = new ArrayList<>();
            for (String k : keys) g.add(r.getString(k));
            g.add(r.getString("condition"));
            g.add(r.getString("measure"));
            g.add(Integer.toString(r.getInt("iteration")));
            cells.computeIfAbsent(g, x -> new ArrayList<>()).add(r.getDouble("value"));
        }
        Table out = Table.create("time courses");
        for (String k : keys) out.addColumns(StringColumn.create(k));
        out.addColumns(StringColumn.create("condition"), StringColumn.create("measure"), IntColumn.create("iteration"),
                IntColumn.create("n"), DoubleColumn.create("mean"), DoubleColumn.create("sem"));
        for (var e : cells.entrySet()) {
            List<String> g = e.getKey();
            int col = 0;
            for (; col < keys.size(); col++) out.stringColumn(col).append(g.get(col));
            out.stringColumn("condition").append(g.get(keys.size()));
            out.stringColumn("measure").append(g.get(keys.size() + 1));
            out.intColumn("iteration").append(Integer.parseInt(g.get(keys.size() + 2)));
            double[] v = e.getValue().stream().mapToDouble(Double::doubleValue).toArray();
            double m = 0;
            for (double x : v) m += x;
            m /= v.length;
            double ss = 0;
            for (double x : v) ss += (x - m) * (x - m);
            out.intColumn("n").append(v.length);
            out.doubleColumn("mean").append(m);
            out.doubleColumn("sem").append(v.length > 1 ? Math.sqrt(ss / (v.length - 1) / v.length) : Double.NaN);
        }
        return out;
    }

    /**
     * A copy of {@code t} with constant string columns put first, given as name, value, name,
     * value... in the order they should appear (e.g. "pair", "a vs b", "condition", "rubin").
     */
    public static Table labelled(Table t, String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) throw new IllegalArgumentException("labelled takes name, value pairs");
        Table out = t.copy();
        for (int k = namesAndValues.length - 2; k >= 0; k -= 2) {
            out.insertColumn(0, StringColumn.create(namesAndValues[k], out.rowCount()).setMissingTo(namesAndValues[k + 1]));
        }
        return out;
    }

    /** The parts (same columns) stacked into one table called {@code name}; null when there are none. */
    public static Table stack(String name, List<Table> parts) {
        if (parts.isEmpty()) return null;
        Table out = parts.get(0).copy().setName(name);
        for (int i = 1; i < parts.size(); i++) out.append(parts.get(i));
        return out;
    }

    /**
     * Whether two effect tables (the same design run twice, e.g. in fp32 and in bf16) agree: for
     * every row of {@code a} matched to {@code b} on every column up to {@code n}, both effects, their
     * CIs, and whether each effect lies inside the other's 95% CI. Columns: the key columns,
     * effect_a, ci_low_a, ci_high_a, effect_b, ci_low_b, ci_high_b, a_in_ci_b, b_in_ci_a. Rows of
     * {@code a} without a match in {@code b} are an error (the designs must be the same).
     */
    public static Table agreement(Table a, Table b) {
        int keyCount = a.columnNames().indexOf("n");
        if (keyCount < 1 || !b.columnNames().subList(0, keyCount).equals(a.columnNames().subList(0, keyCount))) {
            throw new IllegalArgumentException("the two effect tables have different key columns: " + a.columnNames() + " vs " + b.columnNames());
        }
        java.util.Map<String, Integer> rowOfB = new java.util.HashMap<>();
        for (int i = 0; i < b.rowCount(); i++) rowOfB.put(key(b, i, keyCount), i);
        Table out = Table.create("effects of two runs compared");
        for (int k = 0; k < keyCount; k++) out.addColumns(StringColumn.create(a.column(k).name()));
        for (String c : List.of("effect_a", "ci_low_a", "ci_high_a", "effect_b", "ci_low_b", "ci_high_b")) out.addColumns(DoubleColumn.create(c));
        out.addColumns(StringColumn.create("a_in_ci_b"), StringColumn.create("b_in_ci_a"));
        for (int i = 0; i < a.rowCount(); i++) {
            Integer j = rowOfB.get(key(a, i, keyCount));
            if (j == null) throw new IllegalArgumentException("row " + key(a, i, keyCount) + " of the first table is not in the second");
            for (int k = 0; k < keyCount; k++) out.stringColumn(k).append(a.column(k).getString(i));
            double ea = a.doubleColumn("effect").get(i), la = a.doubleColumn("ci_low").get(i), ha = a.doubleColumn("ci_high").get(i);
            double eb = b.doubleColumn("effect").get(j), lb = b.doubleColumn("ci_low").get(j), hb = b.doubleColumn("ci_high").get(j);
            out.doubleColumn("effect_a").append(ea);
            out.doubleColumn("ci_low_a").append(la);
            out.doubleColumn("ci_high_a").append(ha);
            out.doubleColumn("effect_b").append(eb);
            out.doubleColumn("ci_low_b").append(lb);
            out.doubleColumn("ci_high_b").append(hb);
            out.stringColumn("a_in_ci_b").append(ea >= lb && ea <= hb ? "yes" : "no");
            out.stringColumn("b_in_ci_a").append(eb >= la && eb <= ha ? "yes" : "no");
        }
        return out;
    }

    private static String key(Table t, int row, int keyCount) {
        StringBuilder k = new StringBuilder();
        for (int c = 0; c < keyCount; c++) k.append(t.column(c).getString(row)).append('|');
        return k.toString();
    }
}
