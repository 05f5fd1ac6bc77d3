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
import illusions.world.RubinCueImages;
import illusions.world.World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
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
    public static final String P_FACE_OBSERVER_NETWORK = "p-face-observer-network";
    /** RMS over the image of x_t minus the matched noise-only x_t: what the gradient did. */
    public static final String DRIFT_RMS = "drift-rms";
    /** RMS over the image of the noise-only x_t minus x_0: what the clipped Langevin noise did. */
    public static final String NOISE_RMS = "noise-rms";
    /** The readouts compared between priors, primary ones first (docs/rubin-protocol.md). */
    public static final List<String> READOUTS = List.of(P_FACE_LAYER4, P_FACE_OBSERVER_NETWORK, P_FACE_EARLY, P_FACE_OBSERVER);
    /** Readouts version 2 (docs/rubin-protocol.md): unclamped log-odds of probes trained on {@link RubinCueImages}. */
    public static final String LO_CUES_LAYER4 = "lo-cues-own-layer4";
    public static final String LO_CUES_OBSERVER_NETWORK = "lo-cues-observer-network";
    public static final String LO_CUES_EARLY = "lo-cues-own-early";
    /** The version-2 readouts, the two primary ones first. */
    public static final List<String> CUE_READOUTS = List.of(LO_CUES_LAYER4, LO_CUES_OBSERVER_NETWORK, LO_CUES_EARLY);
    public static final List<String> PRIMARY_CUE_READOUTS = CUE_READOUTS.subList(0, 2);
    /** Seed of the cue probe images (fixed by the protocol). */
    public static final long CUE_SEED = 11;
    /** A version-2 probe below this held-out accuracy is invalid (the protocol's validity floor). */
    public static final double VALIDITY_FLOOR = 0.75;
    /** The version-2 decision's significance level (one-sided). */
    public static final double ALPHA = 0.01;
    /** Probabilities are clamped to [CLAMP, 1 - CLAMP] before taking log-odds. */
    public static final double CLAMP = 1e-6;

    public static final List<String> KEYS = List.of("model", "polarity");

    private RubinExperiment() {}

    /** The protocol's conditions on the default Rubin figure. */
    public static Map<String, RubinVase> conditions(Polarity p) {
        return conditions(new RubinVase(), p);
    }

    /**
     * The conditions on {@code figure} in polarity {@code p}: the figure itself and its two controls,
     * which keep its height and area (a narrower figure gets narrower controls).
     */
    public static Map<String, RubinVase> conditions(RubinVase figure, Polarity p) {
        RubinVase v = figure.withShape(RubinVase.Outline.PROFILE).withPolarity(p);
        Map<String, RubinVase> m = new LinkedHashMap<>();
        m.put(RUBIN, v);
        m.put(RECTANGLE, v.withShape(RubinVase.Outline.RECTANGLE));
        m.put(OVAL, v.withShape(RubinVase.Outline.OVAL));
        return m;
    }

    /**
     * Another Rubin figure for the whole protocol, from the {@code rubin-vase} stimulus's parameters
     * (halfWidth, brow, nose, lips, chin, band; {@code ./jbang stimulus --list}). Shape and polarity
     * are refused: the protocol runs both polarities and both controls of every figure.
     */
    public static RubinVase figure(Map<String, String> params) {
        for (String fixed : List.of("shape", "polarity")) {
            if (params.containsKey(fixed)) {
                throw new IllegalArgumentException("--param " + fixed + " is set by the protocol (both polarities, both controls, "
                        + "for every figure); give only the figure's geometry: halfWidth, brow, nose, lips, chin, band");
            }
        }
        return (RubinVase) illusions.stimuli.StimulusCatalog.create("rubin-vase", params);
    }

    /** The probes of one model: on its early layer and layer4 (global average pooled), and the model-free observer. */
    public record Probes(LinearProbe early, LinearProbe layer4, LinearProbe observer, String earlyLayer,
            double earlyHeldOut, double layer4HeldOut, double observerHeldOut, CueProbes cues) {}

    /** The version-2 probes of one model (face cues vs vase cues on Rubin figures), with held-out accuracies. */
    public record CueProbes(LinearProbe early, LinearProbe layer4, double earlyHeldOut, double layer4HeldOut) {}

    /**
     * An observer independent of the priors compared: a face-vs-vase probe on the pooled layer4
     * activations of a third network, trained on neither the faces nor the objects world.
     */
    public record NetworkObserver(String name, ClassifierModel network, LinearProbe probe, double heldOut,
            InputNormalization normalization, LinearProbe cueProbe, double cueHeldOut) {
        /** P(face) of an image of any size (resized to the observer's input size first). */
        public double pFace(RgbImage image) {
            return probe.probability(features(image), "face");
        }

        /** The version-2 readout: unclamped log-odds of face cues against vase cues. */
        public double cueLogOdds(RgbImage image) {
            return cueProbe.logOdds(features(image), "face", "vase");
        }

        private double[] features(RgbImage image) {
            int n = network.inputSize();
            RgbImage x = image.height() == n && image.width() == n ? image : image.resize(n, n);
            return pooled(network, List.of(x), "layer4", normalization).get(0);
        }
    }

    /**
     * Trains the third-network observer on the same probe images as {@link #trainProbes}, and its
     * version-2 probe on {@link RubinCueImages} (seed {@link #CUE_SEED}).
     */
    public static NetworkObserver trainObserver(String name, ClassifierModel network, int n, long seed, InputNormalization norm) {
        ProbeSet set = probeSet(network.inputSize(), n, seed);
        LinearProbe p = LinearProbe.train("probe-observer-" + name, pooled(network, set.train(), "layer4", norm), set.trainY(), 30, seed);
        ProbeSet cues = probeSet(new RubinCueImages(network.inputSize(), CUE_SEED), n);
        LinearProbe c = LinearProbe.train("probe-cues-observer-" + name, pooled(network, cues.train(), "layer4", norm), cues.trainY(), 30, CUE_SEED);
        return new NetworkObserver(name, network, p, p.accuracy(pooled(network, set.held(), "layer4", norm), set.heldY()), norm,
                c, c.accuracy(pooled(network, cues.held(), "layer4", norm), cues.heldY()));
    }

    record ProbeSet(List<RgbImage> train, List<String> trainY, List<RgbImage> held, List<String> heldY) {}

    /** {@code n} probe images (faces and vases no model was trained on) and {@code n} held-out ones. */
    static ProbeSet probeSet(int size, int n, long seed) {
        return probeSet(new ProbeImages(new ProbeImages.Params(size, 0.0), seed), n);
    }

    /** The first {@code n} images of a face-vs-vase probe world, and its first {@code n} held-out ones. */
    static ProbeSet probeSet(World probe, int n) {
        ProbeSet set = new ProbeSet(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < n; i++) {
            World.Sample a = probe.sample(i), b = probe.heldOut(i);
            set.train().add(a.image());
            set.trainY().add(ProbeImages.CLASS_NAMES.get(a.label()));
            set.held().add(b.image());
            set.heldY().add(ProbeImages.CLASS_NAMES.get(b.label()));
        }
        return set;
    }

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
        ProbeSet set = probeSet(model.inputSize(), n, seed);
        List<RgbImage> train = set.train(), held = set.held();
        List<String> trainY = set.trainY(), heldY = set.heldY();
        List<double[]> ex = pooled(model, train, earlyLayer, norm), hx = pooled(model, held, earlyLayer, norm);
        List<double[]> l4 = pooled(model, train, "layer4", norm), hl4 = pooled(model, held, "layer4", norm);
        List<double[]> ob = train.stream().map(ImageFeatures::of).toList(), hob = held.stream().map(ImageFeatures::of).toList();
        LinearProbe pe = LinearProbe.train("probe-" + earlyLayer, ex, trainY, 30, seed);
        LinearProbe p4 = LinearProbe.train("probe-layer4", l4, trainY, 30, seed);
        LinearProbe po = LinearProbe.train("probe-image-features", ob, trainY, 30, seed);
        return new Probes(pe, p4, po, earlyLayer, pe.accuracy(hx, heldY), p4.accuracy(hl4, heldY), po.accuracy(hob, heldY),
                trainCueProbes(model, earlyLayer, n, norm));
    }

    /** The version-2 probes: face cues against vase cues on {@link RubinCueImages} (seed {@link #CUE_SEED}). */
    public static CueProbes trainCueProbes(ClassifierModel model, String earlyLayer, int n, InputNormalization norm) {
        ProbeSet set = probeSet(new RubinCueImages(model.inputSize(), CUE_SEED), n);
        LinearProbe pe = LinearProbe.train("probe-cues-" + earlyLayer, pooled(model, set.train(), earlyLayer, norm), set.trainY(), 30, CUE_SEED);
        LinearProbe p4 = LinearProbe.train("probe-cues-layer4", pooled(model, set.train(), "layer4", norm), set.trainY(), 30, CUE_SEED);
        return new CueProbes(pe, p4, pe.accuracy(pooled(model, set.held(), earlyLayer, norm), set.heldY()),
                p4.accuracy(pooled(model, set.held(), "layer4", norm), set.heldY()));
    }

    /**
     * Runs GPI ({@code gpi}, and {@code noiseOnlyGpi} built from {@link #noiseOnly}; both built once
     * per model, since each build adds to the model's graph) on the three conditions of {@code figure} in one polarity with every
     * seed, and appends the measures at every recorded iteration to {@code table}.
     */
    public static GpiResult measure(Table table, String modelName, ClassifierModel model, Gpi gpi, Gpi noiseOnlyGpi,
            RubinVase figure, String polarity, List<Long> seeds, Probes probes, NetworkObserver observer, Gpi.Listener listener) {
        GpiConfig config = gpi.config();
        int size = model.inputSize();
        Map<String, RenderedStimulus> stimuli = new LinkedHashMap<>();
        conditions(figure, POLARITIES.get(polarity)).forEach((c, v) -> stimuli.put(c, v.render(size)));
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
            RgbImage still = noiseOnly.snapshot(s.iteration(), s.sample()).orElseThrow().image();
            float[] still0 = Maps.absoluteChange(sample.image(), still);
            Map<String, Double> m = new LinkedHashMap<>();
            m.put(CHANGE, face.meanOf(change) - vase.meanOf(change));
            m.put(DRIFT_FACE, face.meanOf(change) - face.meanOf(still0));
            m.put(DRIFT_VASE, vase.meanOf(change) - vase.meanOf(still0));
            m.put(DRIFT_RMS, rms(s.image(), still));
            m.put(NOISE_RMS, rms(still, sample.image()));
            for (String tap : s.activations().keySet()) {
                float[] up = r.inducedMagnitudeMap(tap, s.iteration(), s.sample(), size);
                if (up != null) m.put("induced-" + tap + "-face-minus-vase", face.meanOf(up) - vase.meanOf(up));
            }
            if (probes != null) {
                List<RgbImage> one = List.of(s.image());
                double[] early = pooled(model, one, probes.earlyLayer(), config.normalization()).get(0);
                double[] l4 = pooled(model, one, "layer4", config.normalization()).get(0);
                m.put(P_FACE_EARLY, probes.early().probability(early, "face"));
                m.put(P_FACE_LAYER4, probes.layer4().probability(l4, "face"));
                m.put(P_FACE_OBSERVER, probes.observer().probability(ImageFeatures.of(s.image()), "face"));
                if (probes.cues() != null) {
                    m.put(LO_CUES_LAYER4, probes.cues().layer4().logOdds(l4, "face", "vase"));
                    m.put(LO_CUES_EARLY, probes.cues().early().logOdds(early, "face", "vase"));
                }
            }
            if (observer != null) {
                m.put(P_FACE_OBSERVER_NETWORK, observer.pFace(s.image()));
                if (observer.cueProbe() != null) m.put(LO_CUES_OBSERVER_NETWORK, observer.cueLogOdds(s.image()));
            }
            m.forEach((name, v) -> EffectTable.add(table, key, sample.label(), sample.seed(), s.iteration(), name, v));
        }
        return r;
    }

    /** The matched noise-only run of {@code config}: the same everything with step size 0 and no taps. */
    public static GpiConfig noiseOnly(GpiConfig config) {
        return config.withStepSize(0f).withTaps(List.of());
    }

    public static Table emptyTable() {
        return EffectTable.empty("rubin measurements", KEYS);
    }

    /** RMS over every pixel and channel of a - b. */
    public static double rms(RgbImage a, RgbImage b) {
        float[] x = a.data(), y = b.data();
        double s = 0;
        for (int i = 0; i < x.length; i++) s += (double) (x[i] - y[i]) * (x[i] - y[i]);
        return Math.sqrt(s / x.length);
    }

    /** Log-odds of a probability clamped to [{@link #CLAMP}, 1 - {@link #CLAMP}]. */
    public static double logOdds(double p) {
        double q = Math.min(1 - CLAMP, Math.max(CLAMP, p));
        return Math.log(q / (1 - q));
    }

    /**
     * The protocol's decision (docs/rubin-protocol.md): after GPI, P(face) of model A against model
     * B on the same stimulus and seeds, per polarity and readout: Welch's t-test over seeds (the
     * models differ) on the log-odds of P(face), with its 95% CI and the one-sided p of "A above B".
     */
    public static Table compareModels(Table measurements, String modelA, String modelB, int iteration) {
        return compareModels(measurements, modelA, modelB, iteration, RUBIN);
    }

    public static Table compareModels(Table measurements, String modelA, String modelB, int iteration, String condition) {
        Table at = measurements.where(measurements.intColumn("iteration").isEqualTo(iteration)
                .and(measurements.stringColumn("condition").isEqualTo(condition)));
        Table out = Table.create(modelA + " vs " + modelB + ": P(face) on " + condition + " at iteration " + iteration);
        StringColumn pol = StringColumn.create("polarity"), probe = StringColumn.create("probe");
        DoubleColumn a = DoubleColumn.create(modelA), b = DoubleColumn.create(modelB);
        DoubleColumn diff = DoubleColumn.create("log_odds_difference"), lo = DoubleColumn.create("ci_low"),
                hi = DoubleColumn.create("ci_high"), p = DoubleColumn.create("p_greater");
        for (String polarity : POLARITY_ORDER) {
            for (String measure : READOUTS) {
                double[] va = values(at, modelA, polarity, measure), vb = values(at, modelB, polarity, measure);
                if (va.length < 2 || vb.length < 2) continue;
                WelchTest w = WelchTest.of(logOdds(va), logOdds(vb));
                pol.append(polarity);
                probe.append(measure);
                a.append(mean(va));
                b.append(mean(vb));
                diff.append(w.difference());
                lo.append(w.ciLow());
                hi.append(w.ciHigh());
                p.append(w.pGreater());
            }
        }
        out.addColumns(pol, probe, a, b, diff, lo, hi, p);
        return out;
    }

    private static double[] logOdds(double[] p) {
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) out[i] = logOdds(p[i]);
        return out;
    }

    /** One cell of the step calibration: mean drift and noise RMS at the last iteration over seeds. */
    public record Calibration(String model, String polarity, double multiplier, double driftRms, double noiseRms) {
        public boolean qualifies() {
            return driftRms >= noiseRms;
        }
    }

    /**
     * Calibrates one cell: GPI ({@code gpi}) and its noise-only match on the Rubin figure of one
     * polarity with every seed; the mean drift and noise RMS at the last iteration.
     */
    public static Calibration calibrate(String modelName, ClassifierModel model, Gpi gpi, Gpi noiseOnlyGpi, RubinVase figure,
            String polarity, List<Long> seeds, double multiplier, Gpi.Listener listener) {
        RgbImage x0 = conditions(figure, POLARITIES.get(polarity)).get(RUBIN).render(model.inputSize()).image();
        List<Sample> samples = seeds.stream().map(seed -> new Sample(RUBIN, x0, seed)).toList();
        GpiResult r = gpi.run(samples, listener), still = noiseOnlyGpi.run(samples, null);
        double drift = 0, noise = 0;
        for (int i = 0; i < samples.size(); i++) {
            drift += rms(r.finalImages().get(i), still.finalImages().get(i));
            noise += rms(still.finalImages().get(i), x0);
        }
        return new Calibration(modelName, polarity, multiplier, drift / samples.size(), noise / samples.size());
    }

    /**
     * The protocol's rule: the smallest multiplier at which every model x polarity cell qualifies
     * (gradient drift at least the noise's own change); the largest candidate if none does.
     */
    public static double chooseMultiplier(List<Calibration> cells) {
        if (cells.isEmpty()) throw new IllegalArgumentException("no calibration cells");
        java.util.TreeMap<Double, Boolean> all = new java.util.TreeMap<>();
        for (Calibration c : cells) all.merge(c.multiplier(), c.qualifies(), Boolean::logicalAnd);
        return all.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).findFirst().orElse(all.lastKey());
    }

    public static Table calibrationTable(List<Calibration> cells) {
        Table t = Table.create("step calibration: gradient drift against noise at the last iteration",
                StringColumn.create("model"), StringColumn.create("polarity"), DoubleColumn.create("multiplier"),
                DoubleColumn.create("drift_rms"), DoubleColumn.create("noise_rms"), StringColumn.create("qualifies"));
        for (Calibration c : cells) {
            t.stringColumn("model").append(c.model());
            t.stringColumn("polarity").append(c.polarity());
            t.doubleColumn("multiplier").append(c.multiplier());
            t.doubleColumn("drift_rms").append(c.driftRms());
            t.doubleColumn("noise_rms").append(c.noiseRms());
            t.stringColumn("qualifies").append(c.qualifies() ? "yes" : "no");
        }
        return t;
    }

    /**
     * The version-2 decision statistic (docs/rubin-protocol.md): for each polarity and readout, the
     * per-seed shift of a log-odds readout from iteration 0 to {@code iteration} (each model read by
     * its own instrument against its own start), model A against model B by Welch's t-test over
     * seeds, one-sided "A above B". Also the mean log-odds at iteration 0 of each model.
     */
    public static Table compareShifts(Table measurements, String modelA, String modelB, int iteration, String condition,
            List<String> readouts) {
        Table c = measurements.where(measurements.stringColumn("condition").isEqualTo(condition));
        Table out = Table.create(modelA + " vs " + modelB + ": shift of the log-odds from iteration 0 to " + iteration + " on " + condition);
        StringColumn pol = StringColumn.create("polarity"), probe = StringColumn.create("probe");
        DoubleColumn a0 = DoubleColumn.create("log_odds_a_at_0"), b0 = DoubleColumn.create("log_odds_b_at_0"),
                sa = DoubleColumn.create("shift_a"), sb = DoubleColumn.create("shift_b"), diff = DoubleColumn.create("shift_difference"),
                lo = DoubleColumn.create("ci_low"), hi = DoubleColumn.create("ci_high"), p = DoubleColumn.create("p_greater");
        for (String polarity : POLARITY_ORDER) {
            for (String measure : readouts) {
                double[][] x = shifts(c, modelA, polarity, measure, iteration), y = shifts(c, modelB, polarity, measure, iteration);
                if (x[0].length < 2 || y[0].length < 2) continue;
                WelchTest w = WelchTest.of(x[1], y[1]);
                pol.append(polarity);
                probe.append(measure);
                a0.append(mean(x[0]));
                b0.append(mean(y[0]));
                sa.append(w.meanA());
                sb.append(w.meanB());
                diff.append(w.difference());
                lo.append(w.ciLow());
                hi.append(w.ciHigh());
                p.append(w.pGreater());
            }
        }
        out.addColumns(pol, probe, a0, b0, sa, sb, diff, lo, hi, p);
        return out;
    }

    /**
     * The protocol's secondary comparison (reported, never deciding): is model A's advantage over B
     * larger on Rubin's figure than on {@code control}? Per noise seed and model, the shift on Rubin's
     * figure minus the shift on the control (the same seeds run in both conditions); then A against B
     * by Welch's t-test, one-sided "A above B". A positive difference says the faces prior's advantage
     * is specific to Rubin's profiles rather than to any figure of the vase's area.
     */
    public static Table compareSpecificity(Table measurements, String modelA, String modelB, int iteration, String control,
            List<String> readouts) {
        Table r = measurements.where(measurements.stringColumn("condition").isEqualTo(RUBIN));
        Table c = measurements.where(measurements.stringColumn("condition").isEqualTo(control));
        Table out = Table.create(modelA + " vs " + modelB + ": advantage on Rubin's figure minus advantage on " + control);
        StringColumn pol = StringColumn.create("polarity"), probe = StringColumn.create("probe");
        DoubleColumn onRubin = DoubleColumn.create("advantage_on_rubin"), onControl = DoubleColumn.create("advantage_on_control"),
                diff = DoubleColumn.create("specificity"), lo = DoubleColumn.create("ci_low"), hi = DoubleColumn.create("ci_high"),
                p = DoubleColumn.create("p_greater");
        for (String polarity : POLARITY_ORDER) {
            for (String measure : readouts) {
                double[] x = perSeedDifference(r, c, modelA, polarity, measure, iteration);
                double[] y = perSeedDifference(r, c, modelB, polarity, measure, iteration);
                if (x == null || y == null || x.length < 2 || y.length < 2) continue;
                WelchTest w = WelchTest.of(x, y);
                double[] ra = shifts(r, modelA, polarity, measure, iteration)[1], rb = shifts(r, modelB, polarity, measure, iteration)[1];
                double[] ca = shifts(c, modelA, polarity, measure, iteration)[1], cb = shifts(c, modelB, polarity, measure, iteration)[1];
                pol.append(polarity);
                probe.append(measure);
                onRubin.append(mean(ra) - mean(rb));
                onControl.append(mean(ca) - mean(cb));
                diff.append(w.difference());
                lo.append(w.ciLow());
                hi.append(w.ciHigh());
                p.append(w.pGreater());
            }
        }
        out.addColumns(pol, probe, onRubin, onControl, diff, lo, hi, p);
        return out;
    }

    /** Per seed run in both conditions: shift on Rubin's figure minus shift on the control; null if a seed is missing. */
    private static double[] perSeedDifference(Table rubin, Table control, String model, String polarity, String measure, int iteration) {
        java.util.TreeMap<Long, Double> a = shiftsBySeed(rubin, model, polarity, measure, iteration);
        java.util.TreeMap<Long, Double> b = shiftsBySeed(control, model, polarity, measure, iteration);
        if (!a.keySet().equals(b.keySet())) return null;
        double[] d = new double[a.size()];
        int k = 0;
        for (var e : a.entrySet()) d[k++] = e.getValue() - b.get(e.getKey());
        return d;
    }

    private static java.util.TreeMap<Long, Double> shiftsBySeed(Table t, String model, String polarity, String measure, int iteration) {
        Table m = t.where(t.stringColumn("model").isEqualTo(model).and(t.stringColumn("polarity").isEqualTo(polarity))
                .and(t.stringColumn("measure").isEqualTo(measure)));
        java.util.TreeMap<Long, Double> start = new java.util.TreeMap<>(), end = new java.util.TreeMap<>();
        for (int r = 0; r < m.rowCount(); r++) {
            int it = m.intColumn("iteration").getInt(r);
            if (it == 0) start.put(m.longColumn("seed").getLong(r), m.doubleColumn("value").getDouble(r));
            if (it == iteration) end.put(m.longColumn("seed").getLong(r), m.doubleColumn("value").getDouble(r));
        }
        java.util.TreeMap<Long, Double> shift = new java.util.TreeMap<>();
        for (var e : start.entrySet()) if (end.containsKey(e.getKey())) shift.put(e.getKey(), end.get(e.getKey()) - e.getValue());
        return shift;
    }

    /** Every pair's version-2 tables: shifts on each condition, specificity against each control, and the decision. */
    public record PairAnalysis(Table shifts, Table specificity, Table decision) {}

    /**
     * The analysis of a run's measurements, model A against model B for each consecutive pair of
     * {@code models}; with four models the second pair is the first pair's standard control and
     * {@code decision} is the protocol's ({@link #decide}), else null. {@code valid} as in
     * {@link #decide} (see {@link #validity}).
     */
    public static PairAnalysis analysePairs(Table measurements, List<String> models, int iteration, Map<String, Boolean> valid) {
        List<Table> shiftTables = new java.util.ArrayList<>(), specificityTables = new java.util.ArrayList<>();
        List<Table> rubinShifts = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < models.size(); i += 2) {
            String a = models.get(i), b = models.get(i + 1), pair = a + " vs " + b;
            for (String condition : List.of(RUBIN, RECTANGLE, OVAL)) {
                Table t = compareShifts(measurements, a, b, iteration, condition, CUE_READOUTS);
                if (condition.equals(RUBIN)) rubinShifts.add(t);
                shiftTables.add(EffectTable.labelled(t, "pair", pair, "condition", condition));
            }
            for (String control : CONTROLS) {
                specificityTables.add(EffectTable.labelled(compareSpecificity(measurements, a, b, iteration, control, CUE_READOUTS),
                        "pair", pair, "control", control));
            }
        }
        Table shifts = EffectTable.stack("log-odds shift from iteration 0, faces prior against objects prior (Welch)", shiftTables);
        Table specificity = EffectTable.stack(
                "advantage on Rubin's figure minus advantage on each control (Welch; secondary, not deciding)", specificityTables);
        Table decision = models.size() == 4 ? decide(rubinShifts.get(0), rubinShifts.get(1), valid) : null;
        return new PairAnalysis(shifts, specificity, decision);
    }

    /**
     * Which primary cue readouts are valid, from a run's probe table ({@code probes.csv}): the own
     * layer4 readout when every model's cue probe reached {@link #VALIDITY_FLOOR} (a cell also reads
     * the standard pair's probes), the observer network's when its cue probe did.
     */
    public static Map<String, Boolean> validity(Table probes) {
        boolean own = false, ownAll = true, observer = false;
        for (int i = 0; i < probes.rowCount(); i++) {
            String probe = probes.stringColumn("probe").get(i);
            double held = probes.doubleColumn("heldout_accuracy").getDouble(i);
            if (probe.equals("cues: own layer4")) {
                own = true;
                ownAll &= held >= VALIDITY_FLOOR;
            } else if (probes.stringColumn("model").get(i).equals("(all)") && probe.startsWith("cues: observer network")) {
                observer = held >= VALIDITY_FLOOR;
            }
        }
        Map<String, Boolean> valid = new java.util.LinkedHashMap<>();
        valid.put(LO_CUES_LAYER4, own && ownAll);
        valid.put(LO_CUES_OBSERVER_NETWORK, observer);
        return valid;
    }

    /** {values at iteration 0, value at {@code iteration} minus value at 0}, per seed present at both, in seed order. */
    static double[][] shifts(Table t, String model, String polarity, String measure, int iteration) {
        Table m = t.where(t.stringColumn("model").isEqualTo(model).and(t.stringColumn("polarity").isEqualTo(polarity))
                .and(t.stringColumn("measure").isEqualTo(measure)));
        java.util.TreeMap<Long, Double> start = new java.util.TreeMap<>();
        for (int r = 0; r < m.rowCount(); r++) {
            if (m.intColumn("iteration").getInt(r) == 0) start.put(m.longColumn("seed").getLong(r), m.doubleColumn("value").getDouble(r));
        }
        java.util.TreeMap<Long, Double> shift = shiftsBySeed(t, model, polarity, measure, iteration);
        double[] at0 = new double[shift.size()], d = new double[shift.size()];
        int k = 0;
        for (var e : shift.entrySet()) {
            at0[k] = start.get(e.getKey());
            d[k++] = e.getValue();
        }
        return new double[][] {at0, d};
    }

    /**
     * The version-2 decision for one training seed: {@code robust} and {@code standard} are
     * {@link #compareShifts} tables (faces model as A) on Rubin's figure; {@code valid} says, per
     * primary readout, whether every probe it needs reached {@link #VALIDITY_FLOOR}. A cell
     * (polarity x primary readout) holds when the probe is valid, p < {@link #ALPHA}, and the standard
     * pair's shift difference is smaller than the robust pair's.
     */
    public static Table decide(Table robust, Table standard, Map<String, Boolean> valid) {
        Table out = Table.create("decision (docs/rubin-protocol.md, readouts version 2)", StringColumn.create("polarity"),
                StringColumn.create("probe"), StringColumn.create("valid"), DoubleColumn.create("robust_shift_difference"),
                DoubleColumn.create("p_greater"), DoubleColumn.create("standard_shift_difference"), StringColumn.create("holds"));
        for (String polarity : POLARITY_ORDER) {
            for (String readout : PRIMARY_CUE_READOUTS) {
                Row r = row(robust, polarity, readout), s = row(standard, polarity, readout);
                if (r == null) continue;
                boolean ok = valid.getOrDefault(readout, false);
                double sd = s == null ? Double.NaN : s.difference;
                boolean holds = ok && r.p < ALPHA && s != null && sd < r.difference;
                out.stringColumn("polarity").append(polarity);
                out.stringColumn("probe").append(readout);
                out.stringColumn("valid").append(ok ? "yes" : "no");
                out.doubleColumn("robust_shift_difference").append(r.difference);
                out.doubleColumn("p_greater").append(r.p);
                out.doubleColumn("standard_shift_difference").append(sd);
                out.stringColumn("holds").append(holds ? "yes" : "no");
            }
        }
        return out;
    }

    private record Row(double difference, double p) {}

    private static Row row(Table t, String polarity, String probe) {
        if (t == null) return null;
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("polarity").get(i).equals(polarity) && t.stringColumn("probe").get(i).equals(probe)) {
                return new Row(t.doubleColumn("shift_difference").getDouble(i), t.doubleColumn("p_greater").getDouble(i));
            }
        }
        return null;
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

}
