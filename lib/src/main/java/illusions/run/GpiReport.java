package illusions.run;

import illusions.gpi.GpiResult;
import illusions.gpi.IterationRecord;
import illusions.gpi.Sample;
import illusions.gpi.Snapshot;
import illusions.image.ContactSheet;
import illusions.image.HeatMap;
import illusions.image.RgbImage;
import illusions.model.ModelCard;
import illusions.model.TensorValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Writes a GPI result into a run folder: the trajectory table and the pictures. */
public final class GpiReport {
    private GpiReport() {}

    /** One row per sample and iteration: loss, gradient norm, top-5 classes and probabilities. */
    public static Table trajectory(GpiResult r, ModelCard card) {
        StringColumn label = StringColumn.create("sample");
        LongColumn seed = LongColumn.create("seed");
        IntColumn it = IntColumn.create("iteration");
        DoubleColumn loss = DoubleColumn.create("loss");
        DoubleColumn gn = DoubleColumn.create("grad_norm");
        List<StringColumn> cls = new ArrayList<>();
        List<DoubleColumn> prob = new ArrayList<>();
        for (int j = 1; j <= 5; j++) {
            cls.add(StringColumn.create("top" + j));
            prob.add(DoubleColumn.create("p" + j));
        }
        for (IterationRecord rec : r.records()) {
            Sample s = r.samples().get(rec.sample());
            label.append(s.label());
            seed.append(s.seed());
            it.append(rec.iteration());
            loss.append(rec.loss());
            gn.append(rec.gradNorm());
            for (int j = 0; j < 5; j++) {
                boolean has = j < rec.top5().length;
                cls.get(j).append(has ? card.className(rec.top5()[j]) : "");
                prob.get(j).append(has ? rec.top5Prob()[j] : Double.NaN);
            }
        }
        Table t = Table.create("trajectory", label, seed, it, loss, gn);
        for (int j = 0; j < 5; j++) t.addColumns(cls.get(j), prob.get(j));
        return t;
    }

    /** The table as text with numbers rounded to {@code digits} decimals (the CSV files keep full precision). */
    public static String rounded(Table t, int digits) {
        Table copy = t.copy();
        double scale = Math.pow(10, digits);
        for (String name : copy.columnNames()) {
            if (copy.column(name) instanceof DoubleColumn c) {
                copy.replaceColumn(name, c.map(v -> Double.isNaN(v) ? v : Math.round(v * scale) / scale).setName(name));
            }
        }
        return copy.printAll();
    }

    static String name(Sample s) {
        return s.label() + "_seed" + s.seed();
    }

    /**
     * Pictures of every shown iteration: images/, gradients/ (min-max scaled gradient magnitude),
     * induced/ (activation(x_t) - activation(x_0) summed over channels, blue-white-red), and a
     * contact sheet {@code figure.png} with one row per sample.
     */
    public static void writePictures(RunDirectory run, GpiResult r) throws IOException {
        writePictures(run, r, "");
    }

    /** As {@link #writePictures(RunDirectory, GpiResult)}, under a subfolder prefix such as {@code "model-a/"}. */
    public static void writePictures(RunDirectory run, GpiResult r, String prefix) throws IOException {
        List<Integer> shown = r.snapshots().stream().map(Snapshot::iteration).distinct().sorted().toList();
        if (shown.isEmpty()) return;
        int size = r.samples().get(0).image().height();
        List<String> tapsSeen = r.snapshots().get(0).activations().keySet().stream().toList();
        List<String> cols = new ArrayList<>();
        for (int t : shown) cols.add("t=" + t);
        cols.add("|grad| t=" + shown.get(shown.size() - 1));
        for (String tap : tapsSeen) cols.add("induced " + tap);
        ContactSheet sheet = new ContactSheet(Math.min(size, 160), cols);
        for (int i = 0; i < r.samples().size(); i++) {
            Sample s = r.samples().get(i);
            List<RgbImage> row = new ArrayList<>();
            for (int t : shown) {
                Snapshot snap = r.snapshot(t, i).orElseThrow();
                String tag = String.format("%s_t%04d.png", name(s), t);
                snap.image().writePng(run.resolve(prefix + "images/" + tag));
                RgbImage grad = HeatMap.grey(snap.gradientMagnitude(), size, size, size);
                grad.writePng(run.resolve(prefix + "gradients/" + tag));
                for (String tap : tapsSeen) {
                    TensorValue a = snap.activations().get(tap);
                    if (a.shape().length != 3) continue; // features: no spatial map
                    int h = (int) a.shape()[0], w = (int) a.shape()[1];
                    HeatMap.diverging(r.inducedActivity(tap, t, i), h, w, size)
                            .writePng(run.resolve(prefix + "induced/" + tap + "_" + tag));
                }
                row.add(snap.image());
            }
            int last = shown.get(shown.size() - 1);
            Snapshot end = r.snapshot(last, i).orElseThrow();
            row.add(HeatMap.grey(end.gradientMagnitude(), size, size, size));
            for (String tap : tapsSeen) {
                TensorValue a = end.activations().get(tap);
                if (a.shape().length == 3 && shown.contains(0)) {
                    row.add(HeatMap.diverging(r.inducedActivity(tap, last, i), (int) a.shape()[0], (int) a.shape()[1],
                            size));
                } else {
                    row.add(RgbImage.filled(size, size, 1f));
                }
            }
            sheet.addRow(s.label() + " seed " + s.seed(), row);
        }
        sheet.write(run.resolve(prefix + "figure.png"));
    }
}
