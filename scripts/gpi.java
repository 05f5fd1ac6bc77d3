///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * Generative perceptual inference on any image or stimulus, with every parameter of the
 * reference implementation. The general entry point: the other scripts are this plus science.
 *
 * Steps: (1) load the model, (2) the starting image: a PNG/JPEG resized so its shorter side is the
 * model's input size and center-cropped (as the reference does), or a stimulus of the catalogue,
 * (3) GPI for every seed, (4) write config.json, provenance.json, trajectory.csv, final.png and
 * the pictures of the shown iterations.
 *
 *   ./jbang gpi --image photo.png --loss pgdd --layer layer4 --steps 200 --eps 40 --step-size 0.2 \
 *               --noise 0.01 --init-noise 0.5 --model DIR --out /tmp/run1
 *   ./jbang gpi --stimulus kanizsa-square --param side=120 --steps 50
 */

import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.gpi.Sample;
import illusions.image.RgbImage;
import illusions.model.ClassifierModel;
import illusions.model.ModelLoader;
import illusions.run.GpiOptions;
import illusions.run.GpiReport;
import illusions.run.Progress;
import illusions.report.RunReport;
import illusions.run.Provenance;
import illusions.run.RunDirectory;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.stimuli.StimulusCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "gpi", mixinStandardHelpOptions = true,
        description = "Generative perceptual inference on an image or a stimulus; writes a run folder.")
class gpi implements Callable<Integer> {

    @Mixin GpiOptions gpi = new GpiOptions();

    static class Input {
        @Option(names = "--image", paramLabel = "FILE", description = "PNG or JPEG to start from") Path image;
        @Option(names = "--stimulus", paramLabel = "NAME", description = "a stimulus of the catalogue (./jbang stimulus --list)") String stimulus;
    }

    @ArgGroup(exclusive = true, multiplicity = "1") Input input;

    @Option(names = "--param", paramLabel = "K=V", description = "stimulus parameter, repeatable (e.g. --param side=120)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--out", paramLabel = "DIR", description = "write the run here (default: results/gpi/<run-id>)")
    Path out;

    public static void main(String[] args) {
        Scripts.main(new gpi(), args);
    }

    @Override
    public Integer call() throws Exception {
        GpiConfig config = gpi.config();
        if (input.image != null && !params.isEmpty()) {
            throw new IllegalArgumentException("--param applies to --stimulus, not to --image");
        }

        // 1. The model.
        Path modelDir = Workbench.resolve(gpi.model);
        try (ClassifierModel model = ModelLoader.load(modelDir, gpi.threads, gpi.precision())) {
            int size = model.inputSize();
            config = gpi.config(size); // --step-scale needs the model's input size
            gpi.mask(size); // a bad --mask-box fails before any run folder exists

            // 2. The starting image, at the model's input size (read before any run folder exists).
            String label;
            RgbImage start;
            if (input.image != null) {
                start = RgbImage.read(input.image).resizeShorterSideAndCenterCrop(size);
                label = stem(input.image);
            } else {
                start = StimulusCatalog.create(input.stimulus, params).render(size).image();
                label = input.stimulus;
            }
            // 3a. Everything the run needs, checked before any run folder exists: the loss, its classes and
            // layer, the taps, the normalization, and whether the batch fits in memory.
            Gpi engine = new Gpi(model, config);
            GpiOptions.checkBatch("--seeds " + gpi.seeds, gpi.seeds, size, model.numClasses(), config);
            try (RunDirectory run = out != null ? RunDirectory.at(out)
                    : RunDirectory.create(Workbench.root().resolve("results"), "gpi")) {
                write(model, engine, modelDir, config, label, start, run);
            }
        }
        return 0;
    }

    /** Steps 3 and 4: GPI, one trajectory per seed, and the run folder. */
    void write(ClassifierModel model, Gpi engine, Path modelDir, GpiConfig config, String label, RgbImage start,
            RunDirectory run) throws Exception {
        int size = model.inputSize();
        // 3. GPI, one trajectory per seed.
        List<Sample> samples = new ArrayList<>();
        float[] mask = gpi.mask(size);
        for (long seed : gpi.seedList()) {
            samples.add(mask == null ? new Sample(label, start, seed) : Sample.modulated(label, start, seed, mask));
        }
        GpiResult result;
        try (Progress bar = new Progress("gpi", config.steps())) {
            result = engine.run(samples, bar);
        }

        // 4. The run folder.
        Map<String, Object> cfg = new LinkedHashMap<>(config.toMap());
        cfg.put("script", "gpi");
        cfg.put("model", gpi.model);
        cfg.put("image", input.image == null ? null : input.image.toAbsolutePath().toString());
        cfg.put("stimulus", input.stimulus);
        cfg.put("stimulus_params", params);
        cfg.put("seeds", gpi.seedList());
        cfg.put("threads", gpi.threads);
        cfg.put("precision", gpi.precision().cliName());
        cfg.put("image_size", size);
        cfg.put("least_likely_classes", result.prepared());
        cfg.put("invocation", Scripts.invocation()); // ./jbang replay reruns it from this
        run.writeJson("config.json", cfg);
        run.writeJson("provenance.json", Provenance.collect(Workbench.root(), modelDir.toString(),
                model, gpi.seed, gpi.threads, List.of(System.getProperty("sun.java.command", "gpi"))));
        run.writeCsv("trajectory.csv", GpiReport.trajectory(result, model.card()));
        start.writePng(run.resolve("start.png"));
        result.finalImages().get(0).writePng(run.resolve("final.png"));
        for (int i = 1; i < samples.size(); i++) {
            result.finalImages().get(i).writePng(run.resolve("final_seed" + samples.get(i).seed() + ".png"));
        }
        GpiReport.writePictures(run, result);
        RunReport.write(run.path(), run.finalPath().getFileName().toString()); // report.html
        Path where = run.commit();
        if (config.steps() == 0) {
            System.out.println("--steps 0: evaluated x_0 only (loss, logits and pictures of the start; no update)");
        } else {
            System.out.printf("%d x %d steps in %.1f s (%.0f ms per step)%n", samples.size(), config.steps(),
                    result.elapsedNanos() / 1e9, result.elapsedMillisPerStep());
        }
        System.out.println("results: " + where);
    }

    static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return (dot > 0 ? n.substring(0, dot) : n).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
