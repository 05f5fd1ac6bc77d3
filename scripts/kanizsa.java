///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * Kanizsa's square through a robust network's eyes.
 *
 * Four "pacman" inducers imply a white square whose edges are not drawn. The paper reports that
 * generative perceptual inference (GPI) on an adversarially robust ResNet draws those edges:
 * ascending the reference's IncreaseConfidence loss for 500 steps makes edge-like patterns appear
 * between the inducers, and the induced activity in early layers follows them. The control is the
 * same four inducers each turned 90 degrees, which implies no square.
 *
 * Steps: (1) load the model, (2) render the square and its rotated-inducer control at the model's
 * input size, (3) run GPI on both with every seed, in one batch, (4) measure the illusory-contour
 * index on several maps at every shown iteration, (5) write tables and pictures to
 * results/kanizsa/<run-id>/.
 *
 *   ./jbang kanizsa                     reference config on the default model
 *   ./jbang kanizsa --steps 20          a quick look
 *   ./jbang kanizsa --model DIR --seeds 10 --eps 3
 *   ./jbang kanizsa --models models/shapes-robust,models/shapes-standard     the paper's comparison
 */

import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.gpi.Sample;
import illusions.gpi.Snapshot;
import illusions.image.RgbImage;
import illusions.metrics.Effect;
import illusions.metrics.IllusoryContourIndex;
import illusions.metrics.Maps;
import illusions.model.ClassifierModel;
import illusions.model.ModelLoader;
import illusions.model.TensorValue;
import illusions.run.GpiOptions;
import illusions.run.GpiReport;
import illusions.run.Progress;
import illusions.run.Provenance;
import illusions.run.RunDirectory;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.stimuli.KanizsaSquare;
import illusions.stimuli.Polarity;
import illusions.stimuli.RenderedStimulus;
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
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "kanizsa", mixinStandardHelpOptions = true,
        description = "GPI on the Kanizsa square and its rotated-inducer control; writes results/kanizsa/<run-id>/.")
class kanizsa implements Callable<Integer> {

    // ---- Knobs: the reference Kanizsa config is GpiOptions' default (IncreaseConfidence, CE, 500 steps,
    // ---- eps 5, step 0.5, noise 0.003); the stimulus is in pixels of a 224-px image, scaled to the model.
    @Mixin GpiOptions gpi = new GpiOptions();
    {
        gpi.seeds = 5; // the effect needs a standard error: five seeds per condition by default
    }

    @Option(names = "--side", description = "illusory side = distance between inducer centres, px at 224 (default: ${DEFAULT-VALUE})")
    double side = KanizsaSquare.DEFAULT_SIDE;

    @Option(names = "--radius", description = "inducer radius, px at 224 (default: ${DEFAULT-VALUE})")
    double radius = KanizsaSquare.DEFAULT_RADIUS;

    @Option(names = "--polarity", description = "black-on-white | white-on-black (default: ${DEFAULT-VALUE})")
    String polarity = "black-on-white";

    @Option(names = "--control-rotation", description = "rotation of the control's inducers, degrees (default: ${DEFAULT-VALUE})")
    double controlRotation = KanizsaSquare.ROTATED_DEG;

    @Option(names = "--models", split = ",", paramLabel = "DIR", description = "several models side by side (e.g. the robust and the standard one); replaces --model")
    List<String> models;

    @Option(names = "--out", paramLabel = "DIR", description = "write the run here instead of results/kanizsa/<run-id>")
    Path out;

    public static void main(String[] args) {
        Scripts.main(new kanizsa(), args);
    }

    @Override
    public Integer call() throws Exception {
        GpiConfig config = gpi.config();
        KanizsaSquare square = new KanizsaSquare().withSide(side).withInducerRadius(radius)
                .withPolarity(Polarity.parse(polarity));
        KanizsaSquare control = square.withInducerRotation(controlRotation);
        List<String> modelNames = models != null ? models : List.of(gpi.model);
        List<Path> modelDirs = modelNames.stream().map(Workbench::resolve).toList();
        // every model, and the run on it (loss, taps, normalization, batch size), is checked before any run folder exists
        for (Path dir : modelDirs) {
            try (ClassifierModel m = ModelLoader.load(dir, 1)) {
                new Gpi(m, config);
                GpiOptions.checkBatch("--seeds " + gpi.seeds + " (x 2 conditions)", 2 * gpi.seeds, m.inputSize(),
                        m.numClasses(), config);
            }
        }

        try (RunDirectory run = out != null ? RunDirectory.at(out)
                : RunDirectory.create(Workbench.root().resolve("results"), "kanizsa")) {
            Table indices = null;
            List<Map<String, Object>> provenance = new ArrayList<>();
            for (int m = 0; m < modelDirs.size(); m++) {
                String name = modelDirs.get(m).getFileName().toString();
                String prefix = modelDirs.size() > 1 ? name + "/" : "";

                // 1. The model.
                try (ClassifierModel model = ModelLoader.load(modelDirs.get(m), gpi.threads)) {
                    int size = model.inputSize();

                    // 2. The stimuli, at the model's input size.
                    Map<String, RenderedStimulus> stimuli = new LinkedHashMap<>();
                    stimuli.put("kanizsa", square.render(size));
                    stimuli.put("rotated", control.render(size));

                    // 3. GPI on every stimulus with every seed, as one batch.
                    List<Sample> samples = new ArrayList<>();
                    for (long seed : gpi.seedList()) {
                        stimuli.forEach((st, r) -> samples.add(new Sample(st, r.image(), seed)));
                    }
                    GpiResult result;
                    try (Progress bar = new Progress("kanizsa GPI " + name, config.steps())) {
                        result = new Gpi(model, config).run(samples, bar);
                    }

                    // 4. The illusory-contour index: (edges - control band) / (edges + control band), per map.
                    Table idx = indexTable(name, result, stimuli, size);
                    indices = indices == null ? idx : indices.append(idx);

                    run.writeCsv(prefix + "trajectory.csv", GpiReport.trajectory(result, model.card()));
                    for (var e : stimuli.entrySet()) {
                        e.getValue().image().writePng(run.resolve(prefix + "stimulus_" + e.getKey() + ".png"));
                    }
                    GpiReport.writePictures(run, result, prefix);
                    result.finalImages().get(0).writePng(run.resolve(prefix + "final.png"));
                    provenance.add(Provenance.collect(Workbench.root(), modelDirs.get(m).toString(), model.sourceHash(),
                            gpi.seed, gpi.threads, List.of(System.getProperty("sun.java.command", "kanizsa"))));
                    System.out.printf("%s: %d samples x %d steps in %.1f s (%.0f ms per step)%n", name, samples.size(),
                            config.steps(), result.elapsedNanos() / 1e9, result.elapsedMillisPerStep());
                }
            }
            Table summary = summaryTable(indices, config.showIterations().get(config.showIterations().size() - 1));

            // 5. Everything needed to rerun and to read the run.
            Map<String, Object> cfg = new LinkedHashMap<>(config.toMap());
            cfg.put("script", "kanizsa");
            cfg.put("models", modelNames);
            cfg.put("seeds", gpi.seedList());
            cfg.put("threads", gpi.threads);
            cfg.put("stimulus", square);
            cfg.put("control", control);
            run.writeJson("config.json", cfg);
            run.writeJson("provenance.json", provenance.size() == 1 ? provenance.get(0) : provenance);
            run.writeCsv("index.csv", indices);
            run.writeCsv("summary.csv", summary);
            Path where = run.commit();
            System.out.println(GpiReport.rounded(summary, 4));
            System.out.println("results: " + where);
        }
        return 0;
    }

    /** One row per sample, shown iteration and map. */
    static Table indexTable(String modelName, GpiResult r, Map<String, RenderedStimulus> stimuli, int size) {
        StringColumn model = StringColumn.create("model");
        StringColumn condition = StringColumn.create("condition");
        LongColumn seed = LongColumn.create("seed");
        IntColumn iteration = IntColumn.create("iteration");
        StringColumn map = StringColumn.create("map");
        DoubleColumn index = DoubleColumn.create("index");
        for (Snapshot s : r.snapshots()) {
            Sample sample = r.samples().get(s.sample());
            RenderedStimulus st = stimuli.get(sample.label());
            RgbImage x0 = sample.image();
            Map<String, float[]> maps = new LinkedHashMap<>();
            maps.put("darkening", Maps.darkening(s.image()));               // the reference's measure
            maps.put("change", Maps.absoluteChange(x0, s.image()));         // polarity-free
            maps.put("gradient", s.gradientMagnitude());
            if (r.snapshot(0, s.sample()).isPresent()) {
                for (Map.Entry<String, TensorValue> a : s.activations().entrySet()) {
                    if (a.getValue().shape().length != 3) continue;
                    int h = (int) a.getValue().shape()[0], w = (int) a.getValue().shape()[1];
                    float[] induced = r.inducedActivity(a.getKey(), s.iteration(), s.sample());
                    for (int i = 0; i < induced.length; i++) induced[i] = Math.abs(induced[i]);
                    maps.put("induced-" + a.getKey(), Maps.upsample(induced, h, w, size, size));
                }
            }
            for (var m : maps.entrySet()) {
                model.append(modelName);
                condition.append(sample.label());
                seed.append(sample.seed());
                iteration.append(s.iteration());
                map.append(m.getKey());
                index.append(IllusoryContourIndex.of(m.getValue(), st));
            }
        }
        return Table.create("index", model, condition, seed, iteration, map, index);
    }

    /** Mean and SEM across seeds at the last shown iteration, and the paired effect kanizsa - rotated, per model and map. */
    static Table summaryTable(Table idx, int lastIteration) {
        StringColumn model = StringColumn.create("model");
        StringColumn map = StringColumn.create("map");
        DoubleColumn k = DoubleColumn.create("kanizsa_mean"), ks = DoubleColumn.create("kanizsa_sem");
        DoubleColumn c = DoubleColumn.create("rotated_mean"), cs = DoubleColumn.create("rotated_sem");
        DoubleColumn eff = DoubleColumn.create("effect"), es = DoubleColumn.create("effect_sem");
        IntColumn n = IntColumn.create("seeds");
        Table lastAll = idx.where(idx.intColumn("iteration").isEqualTo(lastIteration));
        for (String mod : new java.util.LinkedHashSet<>(lastAll.stringColumn("model").asList())) {
          Table last = lastAll.where(lastAll.stringColumn("model").isEqualTo(mod));
          for (String m : new java.util.LinkedHashSet<>(last.stringColumn("map").asList())) {
            Table t = last.where(last.stringColumn("map").isEqualTo(m)).sortAscendingOn("seed");
            double[] a = t.where(t.stringColumn("condition").isEqualTo("kanizsa")).doubleColumn("index").asDoubleArray();
            double[] b = t.where(t.stringColumn("condition").isEqualTo("rotated")).doubleColumn("index").asDoubleArray();
            Effect e = Effect.paired(a, b);
            model.append(mod);
            map.append(m);
            k.append(e.stimulus().mean());
            ks.append(e.stimulus().sem());
            c.append(e.control().mean());
            cs.append(e.control().sem());
            eff.append(e.effect());
            es.append(e.sem());
            n.append(a.length);
          }
        }
        return Table.create("illusory-contour index at iteration " + lastIteration, model, map, k, ks, c, cs, eff, es, n);
    }
}
