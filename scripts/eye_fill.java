///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * A hidden eye, filled in by a faces prior and by an objects prior (the reference's GradModulation).
 *
 * A profile portrait of a person no model was trained on has its eye region replaced by noise; GPI
 * updates that region alone (step and noise multiplied by the mask), pushing away from the classes
 * the four corner crops find least likely. What each network draws there is what its prior expects
 * behind the mask. A faces prior should restore something closer to the hidden eye than an objects
 * prior does.
 *
 * Method (docs/rubin-protocol.md, "A hidden eye"): (1) render 8 held-out identities' portraits with
 * their eye masks; (2) run GradModulation with the Rubin step regime (200 steps, eps 40, noise 0.01,
 * step 0.2 x 4 scaled per pixel) on every portrait and seed, and the same with step 0 (noise only);
 * (3) measure, inside the mask, the squared error to the hidden eye and the correlation with it;
 * (4) compare the models pairwise (paired t-test over portrait and seed).
 *
 *   ./jbang eye-fill                                       faces-robust vs objects-robust
 *   ./jbang eye-fill --models A1,B1,A2,B2                  two pairs in one run
 *   ./jbang eye-fill --identities 2 --seeds 1 --steps 20   a quick look
 */

import illusions.analysis.EffectTable;
import illusions.analysis.FillingIn;
import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.gpi.Sample;
import illusions.image.ContactSheet;
import illusions.image.RgbImage;
import illusions.model.ClassifierModel;
import illusions.model.ModelLoader;
import illusions.report.RunReport;
import illusions.run.GpiOptions;
import illusions.run.GpiReport;
import illusions.run.Progress;
import illusions.run.Provenance;
import illusions.run.RunDirectory;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.stimuli.RenderedStimulus;
import illusions.world.ProbeImages;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "eye-fill", mixinStandardHelpOptions = true,
        description = "A face's hidden eye filled in by GPI (GradModulation) through each prior, compared.")
class eye_fill implements Callable<Integer> {

    // ---- Knobs: GradModulation with the Rubin step regime (docs/rubin-protocol.md).
    @Mixin GpiOptions gpi = new GpiOptions();
    {
        gpi.loss = "grad-modulation";
        gpi.steps = 200;
        gpi.eps = 40f;
        gpi.stepSize = 0.8f;
        gpi.noise = 0.01f;
        gpi.seeds = 4;
        gpi.stepScale = "per-pixel";
        gpi.maskFromStimulus = true;
    }

    @Option(names = "--models", split = ",", paramLabel = "DIR",
            description = "the priors compared in pairs, first against second... (default: ${DEFAULT-VALUE})")
    List<String> models = List.of("models/faces-robust", "models/objects-robust");

    @Option(names = "--identities", description = "held-out identities (from " + ProbeImages.FIRST_IDENTITY + ") (default: ${DEFAULT-VALUE})")
    int identities = 8;

    @Option(names = "--portrait-seed", description = "seed of the portraits' pose and tones (default: ${DEFAULT-VALUE})")
    long portraitSeed = 0;

    @Option(names = "--out", paramLabel = "DIR", description = "write the run here instead of results/eye-fill/<run-id>")
    Path out;

    public static void main(String[] args) {
        Scripts.main(new eye_fill(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (identities < 1) throw new IllegalArgumentException("--identities must be at least 1, got " + identities);
        gpi.precision(); // a bad --precision is refused before any model is loaded
        if (gpi.maskBox != null) throw new IllegalArgumentException("--mask-box does not apply: the mask is each portrait's eye");
        List<Path> dirs = models.stream().map(Workbench::resolve).toList();
        for (Path d : dirs) ModelLoader.load(d, 1).close();
        List<Integer> ids = IntStream.range(0, identities).map(i -> ProbeImages.FIRST_IDENTITY + i).boxed().toList();

        try (RunDirectory run = out != null ? RunDirectory.at(out)
                : RunDirectory.create(Workbench.root().resolve("results"), "eye-fill")) {
            Table measurements = FillingIn.emptyTable();
            Map<String, Object> configs = new LinkedHashMap<>();
            List<Map<String, Object>> provenance = new ArrayList<>();
            Map<String, List<RgbImage>> fills = new LinkedHashMap<>();
            Map<String, RenderedStimulus> portraits = null;
            List<Sample> samples = null;
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                try (ClassifierModel model = ModelLoader.load(dir, gpi.threads, gpi.precision())) {
                    GpiConfig config = gpi.recordedConfig(model.inputSize(), gpi.steps);
                    configs.put(name, config.toMap());
                    // 1. Portraits and their eye masks.
                    portraits = FillingIn.portraits(ids, model.inputSize(), portraitSeed);
                    samples = FillingIn.samples(portraits, gpi.seedList());
                    // 2. GPI in the mask, and the noise-only match.
                    GpiResult r, still;
                    try (Progress bar = new Progress(name, config.steps())) {
                        r = new Gpi(model, config).run(samples, bar);
                    }
                    still = new Gpi(model, config.withStepSize(0f)).run(samples, null);
                    // 3. How close each fill comes to the hidden eye.
                    FillingIn.measure(measurements, name, r, portraits, config.steps());
                    FillingIn.measure(measurements, name + " (noise only)", still, portraits, config.steps());
                    fills.put(name, r.finalImages());
                    fills.putIfAbsent("start", samples.stream().map(Sample::start).toList());
                    run.writeCsv(name + "/trajectory.csv", GpiReport.trajectory(r, model.card()));
                    provenance.add(Provenance.collect(Workbench.root(), dir.toString(), model, gpi.seed,
                            gpi.threads, List.of(System.getProperty("sun.java.command", "eye-fill"))));
                }
            }

            // 4. Pairs compared; the figure (first seed): portrait, masked start, each model's fill.
            List<Table> parts = new ArrayList<>();
            for (int i = 0; i + 1 < dirs.size(); i += 2) {
                String a = dirs.get(i).getFileName().toString(), b = dirs.get(i + 1).getFileName().toString();
                Table c = FillingIn.compare(measurements, a, b, gpi.steps);
                c.column(2).setName("a");
                c.column(3).setName("b");
                parts.add(EffectTable.labelled(c, "pair", a + " vs " + b));
            }
            Table comparison = EffectTable.stack("the hidden eye: model A against model B (paired over portrait and seed)", parts);
            if (comparison != null) run.writeCsv("comparison.csv", comparison);
            List<String> columns = new ArrayList<>(List.of("portrait", "masked start"));
            columns.addAll(fills.keySet().stream().filter(k -> !k.equals("start")).toList());
            ContactSheet sheet = new ContactSheet(96, columns);
            for (int i = 0; i < portraits.size(); i++) {
                Sample s = samples.get(i);
                List<RgbImage> row = new ArrayList<>(List.of(portraits.get(s.label()).image(), fills.get("start").get(i)));
                for (String k : columns.subList(2, columns.size())) row.add(fills.get(k).get(i));
                sheet.addRow(s.label(), row);
            }
            sheet.write(run.resolve("figure.png"));

            Map<String, Object> cfg = new LinkedHashMap<>();
            cfg.put("script", "eye-fill");
            cfg.put("models", models);
            cfg.put("gpi", configs);
            cfg.put("identities", ids);
            cfg.put("portrait_seed", portraitSeed);
            cfg.put("seeds", gpi.seedList());
            cfg.put("threads", gpi.threads);
            cfg.put("precision", gpi.precision().cliName());
            cfg.put("invocation", Scripts.invocation());
            run.writeJson("config.json", cfg);
            run.writeJson("provenance.json", provenance.size() == 1 ? provenance.get(0) : provenance);
            run.writeCsv("measurements.csv", measurements);
            RunReport.write(run.path(), run.finalPath().getFileName().toString());
            Path where = run.commit();
            if (comparison != null) System.out.println(GpiReport.rounded(comparison, 4));
            System.out.println("results: " + where);
        }
        return 0;
    }
}
