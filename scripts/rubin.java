///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * Rubin's vase through a faces prior and an objects prior (the paper's Figure 3).
 *
 * Rubin's figure is a vase whose outlines are two facing profiles. The paper runs GPI with the same
 * config on two robust ResNets, one trained on objects and one on face identities, and finds
 * vase-like patterns from the first and face-like features on the silhouettes from the second, with
 * early-layer activity that follows the percept. Here the two priors are the workbench's own robust
 * models of the objects world and the faces world (docs/worlds.md).
 *
 * Method: (1) load each model and train its linear probes (Tribuo logistic regression, face vs vase)
 * on its own pooled early-layer and layer4 activations of rendered faces and vases that no model was
 * trained on, plus one model-free observer on image statistics; and (readouts version 2) probes of
 * face cues against vase cues drawn on random Rubin figures, read as unclamped log-odds, on the
 * model's own layers and on a third network's layer4; (2) render Rubin's vase in both
 * polarities and its controls (rectangle, oval); (3) run the reference Rubin config (PGDD on layer4,
 * 200 steps, eps 40, noise 0.01, initial noise 0.5; the step 0.2 scaled per pixel and multiplied by
 * 4, the multiplier the protocol's calibration chose: `--calibrate`) with every seed, and
 * the same seeds with step 0 (noise only); (4) measure face-minus-vase change and induced activity,
 * the gradient-driven drift in each region, and P(face) by each probe every 20 iterations;
 * (5) paired effects against the controls and the faces-vs-objects comparison (Welch on the
 * log-odds of P(face); version 2: Welch on each model's log-odds shift from iteration 0), with CIs
 * and p-values. The protocol: docs/rubin-protocol.md.
 *
 *   ./jbang rubin                                 faces-robust vs objects-robust
 *   ./jbang rubin --models A1,B1,A2,B2            two pairs in one run (A1 vs B1, A2 vs B2); with
 *                                                 robust A1,B1 and standard A2,B2: decision.csv
 *   ./jbang rubin --calibrate --seeds 8           the protocol's step calibration only
 *   ./jbang rubin --models models/faces-standard,models/objects-standard
 *   ./jbang rubin --steps 50 --seeds 4            a quick look
 *   ./jbang rubin --param nose=20 --param brow=7  the whole protocol on another Rubin figure (its controls
 *                                                 follow its area; ./jbang stimulus --list names the parameters)
 */

import illusions.report.RunReport;
import illusions.analysis.EffectTable;
import illusions.analysis.RubinExperiment;
import illusions.analysis.TimeCoursePlot;
import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.image.ContactSheet;
import illusions.image.HeatMap;
import illusions.image.RgbImage;
import illusions.metrics.Maps;
import illusions.model.ClassifierModel;
import illusions.model.ModelLoader;
import illusions.run.GpiOptions;
import illusions.run.GpiReport;
import illusions.run.Progress;
import illusions.run.Provenance;
import illusions.run.RunDirectory;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.stimuli.RubinVase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "rubin", mixinStandardHelpOptions = true,
        description = "GPI on Rubin's vase with a faces prior and an objects prior; probes read P(face).")
class rubin implements Callable<Integer> {

    // ---- Knobs: the reference Rubin config (PGDD on layer4, 200 steps, eps 40, step 0.2, noise 0.01,
    // ---- initial noise 0.5), with the step scaled per pixel as in the Kanizsa protocol.
    static final float REFERENCE_STEP = 0.2f;
    /** Chosen by the protocol's calibration rule (docs/rubin-protocol.md, step 1; results/rubin/calibration-s0). */
    static final float STEP_MULTIPLIER = 4f;

    @Mixin GpiOptions gpi = new GpiOptions();
    {
        gpi.loss = "pgdd";
        gpi.layer = "layer4";
        gpi.steps = 200;
        gpi.eps = 40f;
        gpi.stepSize = REFERENCE_STEP * STEP_MULTIPLIER;
        gpi.noise = 0.01f;
        gpi.initNoise = 0.5f;
        gpi.seeds = 16;
        gpi.stepScale = "per-pixel";
    }

    @Option(names = "--models", split = ",", paramLabel = "DIR",
            description = "the priors compared in pairs, first against second, third against fourth... (default: ${DEFAULT-VALUE})")
    List<String> models = List.of("models/faces-robust", "models/objects-robust");

    @Option(names = "--observer", paramLabel = "DIR|none",
            description = "the third network whose layer4 probe observes every model's images, trained on neither world (default: ${DEFAULT-VALUE})")
    String observer = "models/rubin-observer";

    @Option(names = "--calibrate", description = "only choose the step multiplier by the protocol's rule (docs/rubin-protocol.md) and exit")
    boolean calibrate;

    @Option(names = "--multipliers", split = ",", description = "multipliers of the reference step 0.2 tried by --calibrate (default: ${DEFAULT-VALUE})")
    List<Double> multipliers = List.of(1.0, 4.0, 16.0);

    @Option(names = "--probe-images", description = "face and vase images to train each probe on, and as many held out (default: ${DEFAULT-VALUE})")
    int probeImages = 400;

    @Option(names = "--probe-seed", description = "seed of the probe images and of Tribuo's trainer (default: ${DEFAULT-VALUE})")
    long probeSeed = 7;

    @Option(names = "--early-layer", description = "the early layer the first probe reads (default: ${DEFAULT-VALUE})")
    String earlyLayer = "layer1";

    @Option(names = "--every", description = "record the measures every N iterations (default: ${DEFAULT-VALUE})")
    int every = 20;

    @Option(names = "--param", paramLabel = "K=V",
            description = "geometry of the Rubin figure, repeatable: halfWidth, brow, nose, lips, chin, band (default: the classic figure)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "write the run here instead of results/rubin/<run-id>")
    Path out;

    @Option(names = "--reanalyse", paramLabel = "RUN",
            description = "instead: recompute the analysis tables (shifts, specificity, decision) from a finished run's measurements.csv and probes.csv, without running GPI")
    Path reanalyse;

    public static void main(String[] args) {
        Scripts.main(new rubin(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (reanalyse != null) return reanalyse();
        if (every < 1) throw new IllegalArgumentException("--every must be at least 1, got " + every);
        gpi.precision(); // a bad --precision is refused before any model is loaded
        RubinVase figure = RubinExperiment.figure(params); // and a bad --param
        if (probeImages < 10) throw new IllegalArgumentException("--probe-images must be at least 10, got " + probeImages);
        List<Path> dirs = models.stream().map(Workbench::resolve).toList();
        for (Path d : dirs) ModelLoader.load(d, 1).close();
        for (double m : multipliers) if (!(m >= 0)) throw new IllegalArgumentException("--multipliers must be >= 0, got " + m);
        Path observerDir = observer.equals("none") ? null : Workbench.resolve(observer);
        if (observerDir != null) ModelLoader.load(observerDir, 1).close();
        config(64);
        if (calibrate) return calibrate(dirs, figure);

        try (RunDirectory run = out != null ? RunDirectory.at(out)
                : RunDirectory.create(Workbench.root().resolve("results"), "rubin")) {
            Table measurements = RubinExperiment.emptyTable();
            Table probes = Table.create("probes: held-out accuracy, face vs vase", StringColumn.create("model"),
                    StringColumn.create("probe"), DoubleColumn.create("train_accuracy"), DoubleColumn.create("heldout_accuracy"));
            List<Map<String, Object>> provenance = new ArrayList<>();
            Map<String, Object> configs = new LinkedHashMap<>();
            ContactSheet sheet = null;
            // The observer is a readout, not a prior under test: always fp32, so runs in either precision read alike.
            ClassifierModel observerModel = observerDir == null ? null : ModelLoader.load(observerDir, gpi.threads);
            RubinExperiment.NetworkObserver third = null;
            if (observerModel != null) {
                third = RubinExperiment.trainObserver(observerDir.getFileName().toString(), observerModel, probeImages, probeSeed,
                        illusions.model.InputNormalization.parse(gpi.normalization));
                addProbe(probes, "(all)", "observer network " + third.name() + " layer4", third.probe().trainAccuracy(), third.heldOut());
                addProbe(probes, "(all)", "cues: observer network " + third.name() + " layer4", third.cueProbe().trainAccuracy(), third.cueHeldOut());
                third.probe().writeProvenance(run.resolve("probe-observer-network.provenance.txt"));
                third.cueProbe().writeProvenance(run.resolve("probe-cues-observer-network.provenance.txt"));
            }
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                try (ClassifierModel model = ModelLoader.load(dir, gpi.threads, gpi.precision())) {
                    GpiConfig config = config(model.inputSize());
                    configs.put(name, config.toMap());
                    // 1. Probes on images no model was trained on.
                    RubinExperiment.Probes p = RubinExperiment.trainProbes(model, earlyLayer, probeImages, probeSeed,
                            config.normalization());
                    addProbe(probes, name, "own " + earlyLayer, p.early().trainAccuracy(), p.earlyHeldOut());
                    addProbe(probes, name, "own layer4", p.layer4().trainAccuracy(), p.layer4HeldOut());
                    addProbe(probes, name, "observer (image statistics)", p.observer().trainAccuracy(), p.observerHeldOut());
                    p.early().writeProvenance(run.resolve(name + "/probe-" + earlyLayer + ".provenance.txt"));
                    p.layer4().writeProvenance(run.resolve(name + "/probe-layer4.provenance.txt"));
                    p.observer().writeProvenance(run.resolve(name + "/probe-observer.provenance.txt"));
                    // Readouts version 2: face cues against vase cues on Rubin figures (docs/rubin-protocol.md).
                    addProbe(probes, name, "cues: own " + earlyLayer, p.cues().early().trainAccuracy(), p.cues().earlyHeldOut());
                    addProbe(probes, name, "cues: own layer4", p.cues().layer4().trainAccuracy(), p.cues().layer4HeldOut());
                    p.cues().early().writeProvenance(run.resolve(name + "/probe-cues-" + earlyLayer + ".provenance.txt"));
                    p.cues().layer4().writeProvenance(run.resolve(name + "/probe-cues-layer4.provenance.txt"));
                    // 2-4. Both polarities, every condition and seed, GPI and the noise-only run.
                    Gpi engine = new Gpi(model, config), still = new Gpi(model, RubinExperiment.noiseOnly(config));
                    for (String polarity : RubinExperiment.POLARITY_ORDER) {
                        GpiResult r;
                        try (Progress bar = new Progress(name + " " + polarity, config.steps())) {
                            r = RubinExperiment.measure(measurements, name, model, engine, still, figure, polarity, gpi.seedList(), p, third, bar);
                        }
                        run.writeCsv(name + "/" + polarity + "/trajectory.csv", GpiReport.trajectory(r, model.card()));
                        sheet = addRows(sheet, r, name + " " + polarity, gpi.seedList().get(0));
                    }
                    provenance.add(Provenance.collect(Workbench.root(), dir.toString(), model, gpi.seed,
                            gpi.threads, List.of(System.getProperty("sun.java.command", "rubin"))));
                }
            }

            // 5. Effects against the controls, the two priors compared, time courses.
            int last = gpi.steps;
            Table effects = EffectTable.effects(measurements, RubinExperiment.KEYS, RubinExperiment.RUBIN,
                    RubinExperiment.CONTROLS, last);
            Table courses = EffectTable.timeCourses(measurements, RubinExperiment.KEYS);
            List<Table> comparisons = new ArrayList<>();
            for (int i = 0; i + 1 < dirs.size(); i += 2) {
                String a = dirs.get(i).getFileName().toString(), b = dirs.get(i + 1).getFileName().toString();
                for (String condition : List.of(RubinExperiment.RUBIN, RubinExperiment.RECTANGLE, RubinExperiment.OVAL)) {
                    Table c = RubinExperiment.compareModels(measurements, a, b, last, condition);
                    Table shift = RubinExperiment.compareModels(measurements, a, b, 0, condition);
                    c.addColumns(shift.doubleColumn("log_odds_difference").copy().setName("log_odds_difference_at_0"),
                            shift.doubleColumn(a).copy().setName("p_face_a_at_0"), shift.doubleColumn(b).copy().setName("p_face_b_at_0"));
                    c.column(2).setName("p_face_a");
                    c.column(3).setName("p_face_b");
                    comparisons.add(EffectTable.labelled(c, "pair", a + " vs " + b, "condition", condition));
                }
            }
            // Readouts version 2: the shift of each model's log-odds from iteration 0, faces against objects;
            // with four models the second pair is the first pair's standard control: the protocol's decision.
            List<String> names = dirs.stream().map(d -> d.getFileName().toString()).toList();
            RubinExperiment.PairAnalysis analysis = RubinExperiment.analysePairs(measurements, names, last,
                    RubinExperiment.validity(probes));
            Table shifts = analysis.shifts(), decision = analysis.decision();
            if (shifts != null) run.writeCsv("shifts.csv", shifts);
            if (analysis.specificity() != null) run.writeCsv("specificity.csv", analysis.specificity());
            if (decision != null) run.writeCsv("decision.csv", decision);
            Table comparison = EffectTable.stack("P(face) compared between priors (Welch on log-odds, last iteration)", comparisons);
            if (comparison != null) run.writeCsv("comparison.csv", comparison);
            for (String measure : List.of(RubinExperiment.P_FACE_LAYER4, RubinExperiment.P_FACE_OBSERVER_NETWORK,
                    RubinExperiment.LO_CUES_LAYER4, RubinExperiment.LO_CUES_OBSERVER_NETWORK)) {
                for (String polarity : RubinExperiment.POLARITY_ORDER) {
                    Table panel = courses.where(courses.stringColumn("measure").isEqualTo(measure)
                            .and(courses.stringColumn("polarity").isEqualTo(polarity))
                            .and(courses.stringColumn("condition").isEqualTo(RubinExperiment.RUBIN)));
                    Table byModel = panel.copy();
                    byModel.replaceColumn("condition", panel.stringColumn("model").copy().setName("condition"));
                    if (byModel.rowCount() == 0) continue;
                    String axis = measure.startsWith("lo-") ? "log-odds face cues : vase cues (mean +- SEM)" : "P(face) (mean +- SEM)";
                    TimeCoursePlot.write(TimeCoursePlot.chart(byModel, measure + " on Rubin's vase, " + polarity, axis),
                            run.resolve("plots/" + measure + "_" + polarity + ".png"));
                }
            }
            if (sheet != null) sheet.write(run.resolve("figure.png"));
            if (observerModel != null) observerModel.close();

            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("script", "rubin");
            cfg.put("models", models);
            cfg.put("figure", figureRecord(figure));
            cfg.put("gpi", configs);
            cfg.put("step_scale", gpi.stepScale);
            cfg.put("step_multiplier", gpi.stepSize / REFERENCE_STEP);
            cfg.put("observer", observer);
            // The observer is a readout shared by every model compared: its weights are part of the design.
            if (observerModel != null) cfg.put("observer_sha256", observerModel.sourceHash());
            cfg.put("seeds", gpi.seedList());
            cfg.put("probe_images", probeImages);
            cfg.put("probe_seed", probeSeed);
            cfg.put("cue_probe_seed", RubinExperiment.CUE_SEED);
            cfg.put("cue_probe_validity_floor", RubinExperiment.VALIDITY_FLOOR);
            cfg.put("early_layer", earlyLayer);
            cfg.put("record_every", every);
            cfg.put("threads", gpi.threads);
            cfg.put("precision", gpi.precision().cliName());
            run.writeJson("config.json", cfg);
            run.writeJson("provenance.json", provenance.size() == 1 ? provenance.get(0) : provenance);
            run.writeCsv("measurements.csv", measurements);
            run.writeCsv("effects.csv", effects);
            run.writeCsv("timecourses.csv", courses);
            run.writeCsv("probes.csv", probes);
            RunReport.write(run.path(), run.finalPath().getFileName().toString()); // report.html
            Path where = run.commit();
            System.out.println(GpiReport.rounded(probes, 3));
            if (comparison != null) System.out.println(GpiReport.rounded(comparison, 4));
            if (shifts != null) System.out.println(GpiReport.rounded(shifts, 4));
            if (decision != null) System.out.println(GpiReport.rounded(decision, 4));
            System.out.println("results: " + where);
        }
        return 0;
    }

    /**
     * --reanalyse RUN: the version-2 tables recomputed from what RUN recorded (its models' names in
     * config.json, measurements.csv, probes.csv), written as a new run whose config names the source
     * run and the hashes of the files it read. GPI is not run and no model is loaded.
     */
    int reanalyse() throws Exception {
        Path src = Workbench.resolve(reanalyse.toString());
        if (!java.nio.file.Files.isDirectory(src)) throw new IllegalArgumentException("--reanalyse: no run folder at " + src);
        Path cfgFile = src.resolve("config.json"), probesFile = src.resolve("probes.csv"), mFile = src.resolve("measurements.csv");
        for (Path f : List.of(cfgFile, probesFile, mFile)) {
            if (!java.nio.file.Files.isRegularFile(f)) {
                throw new IllegalArgumentException("--reanalyse: " + src + " has no " + f.getFileName() + ": give the folder of a finished rubin run");
            }
        }
        com.fasterxml.jackson.databind.JsonNode cfg = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cfgFile.toFile());
        if (!"rubin".equals(cfg.path("script").asText()) || !cfg.path("models").isArray()) {
            throw new IllegalArgumentException("--reanalyse: " + cfgFile + " is not the config of a rubin run (script 'rubin' with its models)");
        }
        List<String> names = new ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode m : cfg.path("models")) names.add(Path.of(m.asText()).getFileName().toString());
        Table measurements = EffectTable.read(mFile, RubinExperiment.KEYS);
        Table probes = Table.read().csv(probesFile.toFile());
        if (!probes.columnNames().containsAll(List.of("model", "probe", "heldout_accuracy"))) {
            throw new IllegalArgumentException("--reanalyse: " + probesFile + " lacks the columns model, probe, heldout_accuracy");
        }
        if (measurements.rowCount() == 0) throw new IllegalArgumentException("--reanalyse: " + mFile + " has no measurements");
        int last = (int) measurements.intColumn("iteration").max();
        RubinExperiment.PairAnalysis analysis = RubinExperiment.analysePairs(measurements, names, last, RubinExperiment.validity(probes));
        try (RunDirectory run = out != null ? RunDirectory.at(out)
                : RunDirectory.create(Workbench.root().resolve("results"), "rubin-reanalysis")) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("script", "rubin --reanalyse");
            c.put("source_run", src.toString());
            c.put("models", names);
            c.put("iteration", last);
            c.put("source_config_sha256", Provenance.sha256(cfgFile));
            c.put("source_measurements_sha256", Provenance.sha256(mFile));
            c.put("source_probes_sha256", Provenance.sha256(probesFile));
            run.writeJson("config.json", c);
            // no model is run: the versions and commit only
            Map<String, Object> prov = new LinkedHashMap<>(Provenance.collect(Workbench.root(), null, (String) null, 0, 0,
                    List.of(System.getProperty("sun.java.command", "rubin"))));
            prov.keySet().removeAll(List.of("model", "model_sha256", "seed", "threads"));
            run.writeJson("provenance.json", prov);
            if (analysis.shifts() != null) run.writeCsv("shifts.csv", analysis.shifts());
            if (analysis.specificity() != null) run.writeCsv("specificity.csv", analysis.specificity());
            if (analysis.decision() != null) run.writeCsv("decision.csv", analysis.decision());
            Path where = run.commit();
            if (analysis.specificity() != null) System.out.println(GpiReport.rounded(analysis.specificity(), 4));
            if (analysis.decision() != null) System.out.println(GpiReport.rounded(analysis.decision(), 4));
            System.out.println("results: " + where);
        }
        return 0;
    }

    /** The protocol's step calibration: drift against noise for every multiplier, model and polarity. */
    int calibrate(List<Path> dirs, RubinVase figure) throws Exception {
        List<RubinExperiment.Calibration> cells = new ArrayList<>();
        try (RunDirectory run = out != null ? RunDirectory.at(out)
                : RunDirectory.create(Workbench.root().resolve("results"), "rubin-calibration")) {
            Map<String, Object> configs = new LinkedHashMap<>();
            List<Map<String, Object>> provenance = new ArrayList<>();
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                try (ClassifierModel model = ModelLoader.load(dir, gpi.threads, gpi.precision())) {
                    GpiConfig base = config(model.inputSize()).withTaps(List.of());
                    base = base.withStepSize(base.stepSize() / gpi.stepSize * REFERENCE_STEP); // multipliers are of the reference step
                    configs.put(name, base.toMap());
                    Gpi still = new Gpi(model, RubinExperiment.noiseOnly(base));
                    for (double m : multipliers) {
                        Gpi engine = new Gpi(model, base.withStepSize((float) (base.stepSize() * m)));
                        for (String polarity : RubinExperiment.POLARITY_ORDER) {
                            try (Progress bar = new Progress(name + " x" + m + " " + polarity, base.steps())) {
                                cells.add(RubinExperiment.calibrate(name, model, engine, still, figure, polarity, gpi.seedList(), m, bar));
                            }
                        }
                    }
                    provenance.add(Provenance.collect(Workbench.root(), dir.toString(), model, gpi.seed,
                            gpi.threads, List.of(System.getProperty("sun.java.command", "rubin"))));
                }
            }
            double chosen = RubinExperiment.chooseMultiplier(cells);
            Table table = RubinExperiment.calibrationTable(cells);
            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("script", "rubin --calibrate");
            cfg.put("models", models);
            cfg.put("gpi", configs);
            cfg.put("figure", figureRecord(figure));
            cfg.put("multipliers", multipliers);
            cfg.put("precision", gpi.precision().cliName());
            cfg.put("seeds", gpi.seedList());
            cfg.put("chosen_multiplier", chosen);
            run.writeJson("config.json", cfg);
            run.writeJson("provenance.json", provenance.size() == 1 ? provenance.get(0) : provenance);
            run.writeCsv("calibration.csv", table);
            Path where = run.commit();
            System.out.println(GpiReport.rounded(table, 4));
            System.out.println("chosen step multiplier: " + chosen + " (--step-size " + REFERENCE_STEP * chosen + ", before per-pixel scaling)");
            System.out.println("results: " + where);
        }
        return 0;
    }

    /** The figure's geometry as run (every parameter, given or default), for config.json. */
    static Map<String, Object> figureRecord(RubinVase f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("halfWidth", f.baseHalfWidth());
        m.put("brow", f.brow());
        m.put("nose", f.nose());
        m.put("lips", f.lips());
        m.put("chin", f.chin());
        m.put("band", f.bandWidth());
        return m;
    }

    GpiConfig config(int inputSize) {
        return gpi.recordedConfig(inputSize, every);
    }

    static void addProbe(Table t, String model, String probe, double train, double held) {
        t.stringColumn("model").append(model);
        t.stringColumn("probe").append(probe);
        t.doubleColumn("train_accuracy").append(train);
        t.doubleColumn("heldout_accuracy").append(held);
    }

    /** Figure 3A: per model and polarity, each condition's start, GPI result (first seed) and change. */
    static ContactSheet addRows(ContactSheet sheet, GpiResult r, String title, long seed) {
        int size = r.samples().get(0).image().height();
        if (sheet == null) {
            sheet = new ContactSheet(Math.max(size, 96), List.of("rubin", "GPI", "|change| x4", "rectangle", "GPI", "oval", "GPI"));
        }
        Map<String, Integer> at = new LinkedHashMap<>();
        for (int i = 0; i < r.samples().size(); i++) if (r.samples().get(i).seed() == seed) at.put(r.samples().get(i).label(), i);
        List<RgbImage> row = new ArrayList<>();
        int i = at.get(RubinExperiment.RUBIN);
        row.add(r.samples().get(i).image());
        row.add(r.finalImages().get(i));
        float[] ch = Maps.absoluteChange(r.samples().get(i).image(), r.finalImages().get(i));
        for (int k = 0; k < ch.length; k++) ch[k] = Math.min(1f, 4 * ch[k]);
        row.add(HeatMap.grey(ch, size, size, size));
        for (String c : RubinExperiment.CONTROLS) {
            row.add(r.samples().get(at.get(c)).image());
            row.add(r.finalImages().get(at.get(c)));
        }
        return sheet.addRow(title, row);
    }
}
