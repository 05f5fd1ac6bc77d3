package illusions.analysis;

import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.gpi.Sample;
import illusions.gpi.Snapshot;
import illusions.image.RgbImage;
import illusions.metrics.Maps;
import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.TensorValue;
import illusions.stimuli.Mask;
import illusions.stimuli.Polarity;
import illusions.stimuli.RenderedStimulus;
import illusions.stimuli.RubinVase;
import illusions.world.ProbeImages;
import illusions.world.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.Table;

/**
 * Rubin's face/vase through two priors (the paper's Figure 3): GPI with the reference Rubin
 * config on the vase in both polarities and on its two controls (a rectangle and an oval of the
 * vase's area, no profiles), every noise seed in one batch, with a matched noise-only run (the same
 * seeds with step size 0) so that the drift the gradient causes is told apart from what the
 * Langevin noise, clipped at 0 and 1, does by itself. Measured at every recorded iteration:
 * image change and induced early-layer activity in the face regions minus the vase region, and
 * P(face) read by linear probes: one on the model's own pooled activations (an early layer and
 * layer4), one on image statistics no network computed ({@link ImageFeatures}), both trained on
 * rendered faces and vases ({@link ProbeImages}) that no model was trained on.
 */
public final class RubinExperiment {
    public static final String RUBIN = "rubin";
    public static final String RECTANGLE = "rectangle";
    public static final String OVAL = "oval";
    public static final List<String> CONTROLS = List.of(RECTANGLE, OVAL);
    /** Polarity names: the vase's colour (white vase on black faces is the reference's first figure). */
    public static final Map<String, Polarity> POLARITIES = Map.of("white-vase", Polarity.WHITE_ON_BLACK,
            "black-vase", Polarity.BLACK_ON_WHITE);
    public static final List<String> POLARITY_ORDER = List.of("white-vase", "black-vase");

    public static final String CHANGE = "change-face-minus-vase";
    public static final String DRIFT_FACE = "drift-face";
    public static final String DRIFT_VASE = "drift-vase";
    public static final String P_FACE_EARLY = "p-face-own-early";
    public static final String P_FACE_LAYER4 = "p-face-own-layer4";
    public static final String P_FACE_OBSERVER = "p-face-observer";

    public static final List<String> KEYS = List.of("model", "polarity");

    private RubinExperiment() {}

    public static Map<String, RubinVase> conditions(Polarity p) {
        RubinVase v = new RubinVase().withPolarity(p);
        Map<String, RubinVase> m = new LinkedHashMap<>();
        m.put(RUBIN, v);
        m.put(RECTANGLE, v.withShape(RubinVase.Outline.RECTANGLE));
        m.put(OVAL, v.withShape(RubinVase.Outline.OVAL));
        return m;
    }

    /** The probes of one model: on its early layer and layer4 (global average pooled), and the model-free observer. */
    public record Probes(LinearProbe early, LinearProbe layer4, LinearProbe observer, String earlyLayer,
            double earlyHeldOut, double layer4HeldOut, double observerHeldOut) {}

    /** Pooled activations of {@code layer} for every image, one vector each. */
    static List<double[]> pooled(ClassifierModel model, List<RgbImage> images, String layer, InputNormalization norm) {
        List<double[]> out = new ArrayList<>();
        for (int from = 0; from < images.size(); from += 64) {
            List<RgbImage> chunk = images.subList(from, Math.min(images.size(), from + 64));
            TensorValue a = model.forward(Batch.of(chunk), norm, layer).get(layer);
            long[] s = a.shape();
            int n = (int) s[0], per = (int) (a.data().length / n), c = (int) s[s.length - 1];
            float[] d = a.data();
            for (int i = 0; i < n; i++) {
                double[] v = new double[c];
                for (int j = 0; j < per; j++) v[j % c] += d[i * per + j];
                for (int k = 0; k < c; k++) v[k] /= per / c;
                out.add(v);
            }
        }
        return out;
    }

    /** Trains the three probes on {@code n} probe images (seeded) and measures them on {@code n} held-out ones. */
    public static Probes trainProbes(ClassifierModel model, String earlyLayer, int n, long seed, InputNormalization norm) {
        ProbeImages probe = new ProbeImages(new ProbeImages.Params(model.inputSize(), 0.0), seed);
        List<RgbImage> train = new ArrayList<>(), held = new ArrayList<>();
        List<String> trainY = new ArrayList<>(), heldY = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            World.Sample a = probe.sample(i), b = probe.heldOut(i);
            train.add(a.image());
            trainY.add(ProbeImages.CLASS_NAMES.get(a.label()));
            held.add(b.image());
            heldY.add(ProbeImages.CLASS_NAMES.get(b.label()));
        }
        List<double[]> ex = pooled(model, train, earlyLayer, norm), hx = pooled(model, held, earlyLayer, norm);
        List<double[]> l4 = pooled(model, train, "layer4", norm), hl4 = pooled(model, held, "layer4", norm);
        List<double[]> ob = train.stream().map(ImageFeatures::of).toList(), hob = held.stream().map(ImageFeatures::of).toList();
        LinearProbe pe = LinearProbe.train("probe-" + earlyLayer, ex, trainY, 30, seed);
        LinearProbe p4 = LinearProbe.train("probe-layer4", l4, trainY, 30, seed);
        LinearProbe po = LinearProbe.train("probe-image-features", ob, trainY, 30, seed);
        return new Probes(pe, p4, po, earlyLayer, pe.accuracy(hx, heldY), p4.accuracy(hl4, heldY), po.accuracy(hob, heldY));
    }

    /**
     * Runs GPI ({@code gpi}, and {@code noiseOnlyGpi} built from {@link #noiseOnly}; both built once
     * per model, since each build adds to the model's graph) on the three conditions of one polarity with every
     * seed, and appends the measures at every recorded iteration to {@code table}.
     */
    public static GpiResult measure(Table table, String modelName, ClassifierModel model, Gpi gpi, Gpi noiseOnlyGpi,
            String polarity, List<Long> seeds, Probes probes, Gpi.Listener listener) {
        GpiConfig config = gpi.config();
        int size = model.inputSize();
        Map<String, RenderedStimulus> stimuli = new LinkedHashMap<>();
        conditions(POLARITIES.get(polarity)).forEach((c, v) -> stimuli.put(c, v.render(size)));
        List<Sample> samples = new ArrayList<>();
        for (long seed : seeds) stimuli.forEach((c, r) -> samples.add(new Sample(c, r.image(), seed)));
        GpiResult r = gpi.run(samples, listener);
        GpiResult noiseOnly = noiseOnlyGpi.run(samples, null);
        List<String> key = List.of(modelName, polarity);
        for (Snapshot s : r.snapshots()) {
            Sample sample = r.samples().get(s.sample());
            RenderedStimulus st = stimuli.get(sample.label());
            Mask face = st.mask("face"), vase = st.mask("vase");
            float[] change = Maps.absoluteChange(sample.image(), s.image());
            float[] still0 = Maps.absoluteChange(sample.image(), noiseOnly.snapshot(s.iteration(), s.sample()).orElseThrow().image());
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(CHANGE, face.meanOf(change) - vase.meanOf(change));
            m.put(DRIFT_FACE, face.meanOf(change) - face.meanOf(still0));
            m.put(DRIFT_VASE, vase.meanOf(change) - vase.meanOf(still0));
            for (String tap : s.activations().keySet()) {
                float[] up = r.inducedMagnitudeMap(tap, s.iteration(), s.sample(), size);
                if (up != null) m.put("induced-" + tap + "-face-minus-vase", face.meanOf(up) - vase.meanOf(up));
            }
            if (probes != null) {
                List<RgbImage> one = List.of(s.image());
                m.put(P_FACE_EARLY, probes.early().probability(pooled(model, one, probes.earlyLayer(), config.normalization()).get(0), "face"));
                m.put(P_FACE_LAYER4, probes.layer4().probability(pooled(model, one, "layer4", config.normalization()).get(0), "face"));
                m.put(P_FACE_OBSERVER, probes.observer().probability(ImageFeatures.of(s.image()), "face"));
            }
            m.forEach((name, v) -> EffectTable.add(table, key, sample.label(), sample.seed(), s.iteration(), name, v));
        }
        return r;
    }

    /** The matched noise-only run of {@code config}: the same everything with step size 0 and no taps. */
    public static GpiConfig noiseOnly(GpiConfig config) {
        return new GpiConfig(config.objective(), config.steps(), 0f, config.stepType(), config.projection(),
                config.eps(), config.diffusionNoise(), config.normalization(), config.showIterations(), List.of());
    }

    public static Table emptyTable() {
        return EffectTable.empty("rubin measurements", KEYS);
    }

    /**
     * The decision: after GPI, P(face) of model A against model B on the same stimulus and
     * seeds (Welch's t-test over seeds, since the models differ), per polarity and probe.
     */
    public static Table compareModels(Table measurements, String modelA, String modelB, int iteration) {
        Table at = measurements.where(measurements.intColumn("iteration").isEqualTo(iteration)
                .and(measurements.stringColumn("condition").isEqualTo(RUBIN)));
        Table out = Table.create(modelA + " vs " + modelB + ": P(face) on Rubin's vase at iteration " + iteration);
        tech.tablesaw.api.StringColumn pol = tech.tablesaw.api.StringColumn.create("polarity");
        tech.tablesaw.api.StringColumn probe = tech.tablesaw.api.StringColumn.create("probe");
        tech.tablesaw.api.DoubleColumn a = tech.tablesaw.api.DoubleColumn.create(modelA);
        tech.tablesaw.api.DoubleColumn b = tech.tablesaw.api.DoubleColumn.create(modelB);
        tech.tablesaw.api.DoubleColumn diff = tech.tablesaw.api.DoubleColumn.create("difference");
        tech.tablesaw.api.DoubleColumn p = tech.tablesaw.api.DoubleColumn.create("p_greater");
        for (String polarity : POLARITY_ORDER) {
            for (String measure : List.of(P_FACE_EARLY, P_FACE_LAYER4, P_FACE_OBSERVER)) {
                double[] va = values(at, modelA, polarity, measure), vb = values(at, modelB, polarity, measure);
                if (va.length < 2 || vb.length < 2) continue;
                double ma = mean(va), mb = mean(vb);
                double pg;
                if (variance(va) == 0 && variance(vb) == 0) pg = ma > mb ? 0 : 1;
                else pg = new org.apache.commons.math3.stat.inference.TTest().tTest(va, vb) / 2;
                if (ma <= mb && !(variance(va) == 0 && variance(vb) == 0)) pg = 1 - pg;
                pol.append(polarity);
                probe.append(measure);
                a.append(ma);
                b.append(mb);
                diff.append(ma - mb);
                p.append(pg);
            }
        }
        out.addColumns(pol, probe, a, b, diff, p);
        return out;
    }

    private static double[] values(Table t, String model, String polarity, String measure) {
        return t.where(t.stringColumn("model").isEqualTo(model).and(t.stringColumn("polarity").isEqualTo(polarity))
                .and(t.stringColumn("measure").isEqualTo(measure))).doubleColumn("value").asDoubleArray();
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / Math.max(1, v.length - 1);
    }
}
