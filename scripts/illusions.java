///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * Every illusion of the reference, with its control, through one network.
 *
 * For each stimulus of the catalogue that has a control (Kanizsa square and triangle, Ehrenstein,
 * Rubin's vase, neon spreading, Cornsweet, Lamme figure-ground, confetti, grouping by colour and
 * by continuity), GPI runs with the reference's configuration for that stimulus (loss, layer,
 * steps, eps, step size, noise; table in docs/reference-algorithm.md) on the stimulus
 * and on its control, with several seeds. The stimulus' index (its two masks, e.g. illusory edges
 * vs control band, face vs vase) is measured on the final image's change and darkening and on the
 * gradient; the effect is index(stimulus) - index(control), with the SEM of the per-seed
 * differences.
 *
 * Steps: (1) contact sheet of every stimulus and control, (2) load the model, (3) for each pair:
 * GPI with its reference config, index, effect, (4) one table, effects.csv, and the figures.
 *
 *   ./jbang illusions --model DIR                      reference configs, 3 seeds
 *   ./jbang illusions --model DIR --steps 20 --only kanizsa-square,rubin-vase
 */

import illusions.analysis.EffectTable;
import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.gpi.IncreaseConfidence;
import illusions.gpi.Objective;
import illusions.gpi.Pgdd;
import illusions.gpi.Projection;
import illusions.gpi.Sample;
import illusions.gpi.StepType;
import illusions.image.ContactSheet;
import illusions.image.RgbImage;
import illusions.metrics.ContrastIndex;
import illusions.metrics.Maps;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.ModelLoader;
import illusions.model.Precision;
import illusions.run.GpiOptions;
import illusions.run.GpiReport;
import illusions.run.Progress;
import illusions.report.RunReport;
import illusions.run.Provenance;
import illusions.run.RunDirectory;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.stimuli.ReferenceConfig;
import illusions.stimuli.RenderedStimulus;
import illusions.stimuli.StimulusCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.Table;

@Command(name = "illusions", mixinStandardHelpOptions = true,
        description = "Every reference illusion and its control through GPI; one table of indices and effects.")
class illusions implements Callable<Integer> {

    // ---- Knobs
    @Option(names = "--model", paramLabel = "DIR", description = "model directory (default: ${DEFAULT-VALUE})")
    String model = "models/occlusion-robust";

    @Option(names = "--seeds", description = "seeds per stimulus and control (default: ${DEFAULT-VALUE})")
    int seeds = 3;

    @Option(names = "--seed", description = "first seed (default: ${DEFAULT-VALUE})")
    long seed = 0;

    @Option(names = "--steps", description = "override every reference config's number of steps (a quick look)")
    Integer steps;

    @Option(names = "--only", split = ",", paramLabel = "NAME", description = "only these stimuli (default: every stimulus with a control)")
    List<String> only;

    @Option(names = "--normalization", description = "none | dataset (default: ${DEFAULT-VALUE}, as the reference configs)")
    String normalization = "none";

    @Option(names = "--threads", description = "TensorFlow intra-op threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--precision", paramLabel = "fp32|bf16", description = "fp32, or bf16 through TensorFlow's oneDNN mixed-precision rewriter (see README, Performance; default: ${DEFAULT-VALUE})")
    String precision = "fp32";

    @Option(names = "--out", paramLabel = "DIR", description = "write the run here (default: results/illusions/<run-id>)")
    Path out;

    public static void main(String[] args) {
        Scripts.main(new illusions(), args);
    }

    /** The reference config of a stimulus as a GPI config (steps overridable). */
    GpiConfig configFor(ReferenceConfig ref) {
        Objective objective = switch (ref.loss()) {
            case "IncreaseConfidence" -> new IncreaseConfidence();
            case "PGDD" -> new Pgdd(ref.layer(), (float) ref.initialNoise());
            default -> throw new IllegalStateException("reference loss " + ref.loss() + " is not supported here");
        };
        int n = steps != null ? steps : ref.steps();
        return new GpiConfig(objective, n, (float) ref.stepSize(), StepType.L2, Projection.LINF, (float) ref.eps(),
                (float) ref.diffusionNoise(), InputNormalization.parse(normalization), List.of(0, n), List.of());
    }

    @Override
    public Integer call() throws Exception {
        if (seeds < 1) throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        if (steps != null && steps < 0) throw new IllegalArgumentException("--steps must be >= 0, got " + steps);
        List<StimulusCatalog.Entry> pairs = new ArrayList<>();
        for (StimulusCatalog.Entry e : StimulusCatalog.entries()) {
            if (e.control() != null && e.reference() != null && (only == null || only.contains(e.name()))) pairs.add(e);
        }
        if (only != null) {
            for (String name : only) StimulusCatalog.entry(name); // unknown names: message listing the catalogue
            if (pairs.isEmpty()) throw new IllegalArgumentException("--only names no stimulus that has a control");
        }

        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
        Precision prec = Precision.parse(precision);
        Path modelDir = Workbench.resolve(model);
        try (ClassifierModel net = ModelLoader.load(modelDir, threads, prec)) {
            // every pair's run (normalization, batch size) is checked before the run folder exists
            for (StimulusCatalog.Entry e : pairs) {
                GpiConfig cfg = configFor(e.reference());
                Gpi.checkModel(net, cfg);
                GpiOptions.checkBatch("--seeds " + seeds + " (x 2 conditions)", 2 * seeds, net.inputSize(), net.numClasses(), cfg);
            }
            try (RunDirectory run = out != null ? RunDirectory.at(out) : RunDirectory.create(Workbench.root().resolve("results"), "illusions")) {
                write(net, modelDir, pairs, run);
            }
        }
        return 0;
    }

    /** Steps 1-4, once the model and every pair's run are checked and the run folder exists. */
    void write(ClassifierModel net, Path modelDir, List<StimulusCatalog.Entry> pairs, RunDirectory run) throws Exception {
        { // (the steps keep their former indentation)
            int size = net.inputSize();

            // 1. Contact sheet of every stimulus and its control.
            ContactSheet sheet = new ContactSheet(Math.min(size, 128), List.of("stimulus", "control"));
            for (StimulusCatalog.Entry e : pairs) {
                sheet.addRow(e.name(), List.of(e.create().render(size).image(),
                        StimulusCatalog.create(e.control()).render(size).image()));
            }
            sheet.write(run.resolve("stimuli.png"));

            // 2-3. GPI on each stimulus and its control with the stimulus' reference config; region
            // indices of each map into one long table (keys: stimulus; conditions: stimulus, control).
            Table measurements = EffectTable.empty("illusions measurements", List.of("stimulus"));
            ContactSheet finals = new ContactSheet(Math.min(size, 128), List.of("stimulus", "GPI result", "control", "GPI result"));
            Map<String, Object> configs = new LinkedHashMap<>();
            Map<String, Integer> stepsOf = new LinkedHashMap<>();
            for (StimulusCatalog.Entry e : pairs) {
                RenderedStimulus stim = e.create().render(size);
                RenderedStimulus ctrl = StimulusCatalog.create(e.control()).render(size);
                GpiConfig cfg = configFor(e.reference());
                configs.put(e.name(), cfg.toMap());
                stepsOf.put(e.name(), cfg.steps());
                List<Sample> samples = new ArrayList<>();
                for (int s = 0; s < seeds; s++) samples.add(new Sample("stimulus", stim.image(), seed + s));
                for (int s = 0; s < seeds; s++) samples.add(new Sample("control", ctrl.image(), seed + s));
                GpiResult r;
                try (Progress bar = new Progress(e.name(), cfg.steps())) {
                    r = new Gpi(net, cfg).run(samples, bar);
                }
                run.writeCsv("trajectories/" + e.name() + ".csv", GpiReport.trajectory(r, net.card()));
                for (int i = 0; i < samples.size(); i++) {
                    Sample smp = samples.get(i);
                    RenderedStimulus st = smp.label().equals("stimulus") ? stim : ctrl;
                    RgbImage x0 = smp.image();
                    RgbImage xT = r.finalImages().get(i);
                    Map<String, float[]> maps = new LinkedHashMap<>();
                    maps.put("change", Maps.absoluteChange(x0, xT));
                    maps.put("darkening-change", difference(Maps.darkening(xT), Maps.darkening(x0)));
                    maps.put("gradient", r.snapshot(cfg.steps(), i).orElseThrow().gradientMagnitude());
                    for (var m : maps.entrySet()) {
                        double v = ContrastIndex.of(m.getValue(), st.mask(e.regionA()), st.mask(e.regionB()));
                        EffectTable.add(measurements, List.of(e.name()), smp.label(), smp.seed(), cfg.steps(), m.getKey(), v);
                    }
                    String name = smp.label().equals("stimulus") ? e.name() : e.control();
                    xT.writePng(run.resolve("final/" + name + "_seed" + smp.seed() + ".png"));
                }
                finals.addRow(e.name(), List.of(stim.image(), r.finalImages().get(0), ctrl.image(),
                        r.finalImages().get(seeds)));
            }

            // 4. One table of effects: each stimulus against its control, paired over seeds (t-test, 95% CI).
            Table table = null;
            if (seeds >= 2) {
                for (var st : stepsOf.entrySet()) {
                    Table one = measurements.where(measurements.stringColumn("stimulus").isEqualTo(st.getKey()));
                    Table e = EffectTable.effects(one, List.of("stimulus"), "stimulus", List.of("control"), st.getValue());
                    table = table == null ? e : table.append(e);
                }
                table.setName("illusions: stimulus - control (paired over seeds)");
            }
            Map<String, Object> config = new LinkedHashMap<>();
            config.put("script", "illusions");
            config.put("model", model);
            config.put("seeds", seeds);
            config.put("seed", seed);
            config.put("steps_override", steps);
            config.put("threads", threads);
            config.put("precision", net.precision().cliName());
            config.put("image_size", size);
            config.put("configs", configs);
            config.put("invocation", Scripts.invocation()); // ./jbang replay reruns it from this
            run.writeJson("config.json", config);
            run.writeJson("provenance.json", Provenance.collect(Workbench.root(), modelDir.toString(), net,
                    seed, threads, List.of(System.getProperty("sun.java.command", "illusions"))));
            run.writeCsv("measurements.csv", measurements);
            if (table != null) run.writeCsv("effects.csv", table);
            finals.write(run.resolve("figure.png"));
            RunReport.write(run.path(), run.finalPath().getFileName().toString()); // report.html
            Path where = run.commit();
            System.out.println(table != null ? GpiReport.rounded(table, 4) : "one seed: no paired statistics (use --seeds 2 or more)");
            System.out.println("results: " + where);
        }
    }

    static float[] difference(float[] a, float[] b) {
        float[] d = new float[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i] - b[i];
        return d;
    }
}
