package illusions.analysis;

import illusions.gpi.GpiResult;
import illusions.gpi.Sample;
import illusions.image.RgbImage;
import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import illusions.world.FaceWorld;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Filling in a hidden region (the reference's GradModulation): portraits whose eye region is
 * replaced by noise and updated alone, and how close each prior's fill comes to the eye that was
 * hidden: the mean squared error to the unmasked portrait inside the mask, and the Pearson
 * correlation with it; priors compared by a paired t-test over the same starts and noise.
 */
public final class FillingIn {
    public static final String ERROR = "eye-error";
    public static final String CORRELATION = "eye-correlation";
    public static final List<String> KEYS = List.of("model");

    private FillingIn() {}

    /** The portraits, one per identity, rendered at {@code size} with seed {@code portraitSeed}. */
    public static Map<String, RenderedStimulus> portraits(List<Integer> identities, int size, long portraitSeed) {
        Map<String, RenderedStimulus> out = new LinkedHashMap<>();
        for (int id : identities) out.put("identity-" + id, FaceWorld.portrait(id, size, portraitSeed));
        return out;
    }

    /** One GradModulation sample per portrait and seed, the eye mask as modulation. */
    public static List<Sample> samples(Map<String, RenderedStimulus> portraits, List<Long> seeds) {
        List<Sample> out = new ArrayList<>();
        for (long seed : seeds) {
            portraits.forEach((label, p) -> {
                boolean[] eye = p.mask("eye").pixels();
                float[] m = new float[eye.length];
                for (int i = 0; i < eye.length; i++) m[i] = eye[i] ? 1f : 0f;
                out.add(Sample.modulated(label, p.image(), seed, m));
            });
        }
        return out;
    }

    public static Table emptyTable() {
        return EffectTable.empty("filling-in measurements", KEYS);
    }

    /** Appends the error and correlation inside the eye mask of every final image of {@code r}. */
    public static void measure(Table table, String model, GpiResult r, Map<String, RenderedStimulus> portraits, int iteration) {
        for (int i = 0; i < r.samples().size(); i++) {
            Sample s = r.samples().get(i);
            RenderedStimulus p = portraits.get(s.label());
            Mask eye = p.mask("eye");
            RgbImage fill = r.finalImages().get(i);
            EffectTable.add(table, List.of(model), s.label(), s.seed(), iteration, ERROR, error(fill, p.image(), eye));
            EffectTable.add(table, List.of(model), s.label(), s.seed(), iteration, CORRELATION, correlation(fill, p.image(), eye));
        }
    }

    /** Mean over the mask's pixels and channels of (a - b)^2. */
    public static double error(RgbImage a, RgbImage b, Mask mask) {
        float[] x = a.data(), y = b.data();
        double s = 0;
        int n = 0;
        for (int p = 0; p < x.length / 3; p++) {
            if (!mask.get(p / a.width(), p % a.width())) continue;
            for (int c = 0; c < 3; c++) s += Math.pow(x[3 * p + c] - y[3 * p + c], 2);
            n += 3;
        }
        if (n == 0) throw new IllegalArgumentException("mask '" + mask.name() + "' is empty");
        return s / n;
    }

    /** Pearson correlation of a and b over the mask's pixels and channels (0 when either is flat there). */
    public static double correlation(RgbImage a, RgbImage b, Mask mask) {
        float[] x = a.data(), y = b.data();
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        int n = 0;
        for (int p = 0; p < x.length / 3; p++) {
            if (!mask.get(p / a.width(), p % a.width())) continue;
            for (int c = 0; c < 3; c++) {
                double u = x[3 * p + c], v = y[3 * p + c];
                sx += u; sy += v; sxx += u * u; syy += v * v; sxy += u * v;
                n++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("mask '" + mask.name() + "' is empty");
        double vx = sxx - sx * sx / n, vy = syy - sy * sy / n;
        if (vx <= 0 || vy <= 0) return 0;
        return (sxy - sx * sy / n) / Math.sqrt(vx * vy);
    }

    /**
     * Model A against model B, paired over (portrait, seed): for the error, the one-sided p that A's
     * error is lower; for the correlation, that A's correlation is higher.
     */
    public static Table compare(Table measurements, String modelA, String modelB, int iteration) {
        Table out = Table.create(modelA + " vs " + modelB + ": the hidden eye filled in", StringColumn.create("measure"),
                IntColumn.create("n"), DoubleColumn.create(modelA), DoubleColumn.create(modelB),
                DoubleColumn.create("a_better_by"), DoubleColumn.create("ci_low"), DoubleColumn.create("ci_high"),
                DoubleColumn.create("p_a_better"));
        for (String measure : List.of(ERROR, CORRELATION)) {
            Map<String, Double> a = byUnit(measurements, modelA, measure, iteration), b = byUnit(measurements, modelB, measure, iteration);
            List<String> units = a.keySet().stream().filter(b::containsKey).sorted().toList();
            if (units.size() < 2) continue;
            double[] va = units.stream().mapToDouble(a::get).toArray(), vb = units.stream().mapToDouble(b::get).toArray();
            // "better" is lower error, higher correlation
            PairedTest t = measure.equals(ERROR) ? PairedTest.of(vb, va) : PairedTest.of(va, vb);
            out.stringColumn("measure").append(measure);
            out.intColumn("n").append(units.size());
            out.doubleColumn(modelA).append(measure.equals(ERROR) ? t.meanB() : t.meanA());
            out.doubleColumn(modelB).append(measure.equals(ERROR) ? t.meanA() : t.meanB());
            out.doubleColumn("a_better_by").append(t.difference());
            out.doubleColumn("ci_low").append(t.ciLow());
            out.doubleColumn("ci_high").append(t.ciHigh());
            out.doubleColumn("p_a_better").append(t.pGreater());
        }
        return out;
    }

    private static Map<String, Double> byUnit(Table t, String model, String measure, int iteration) {
        Table rows = t.where(t.stringColumn("model").isEqualTo(model).and(t.stringColumn("measure").isEqualTo(measure))
                .and(t.intColumn("iteration").isEqualTo(iteration)));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < rows.rowCount(); i++) {
            out.put(rows.stringColumn("condition").get(i) + "/" + rows.column("seed").getString(i), rows.doubleColumn("value").get(i));
        }
        return out;
    }
}
