///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * The paper's theory, checked where the truth is known.
 *
 * Section 2 of the paper argues that adversarial training shrinks ||grad_x log p_theta(y|x)||^2
 * (eq. 7), that grad_x log p_theta(y|x) ~ grad_x log p(x|y) once grad_x log p(x) is dropped
 * (eq. 12), and so that a robust classifier's input gradient is a class-conditional score that
 * Langevin-like GPI can sample from. On natural images none of these quantities is known. Here
 * they are: the world is a Gaussian mixture (K classes, each a mixture of anisotropic Gaussians,
 * in d dimensions) whose log p(x|y), log p(x), log p(y|x) and their gradients are exact.
 *
 * Steps, for every dimension d: (1) make the world and draw training, held-out and reference
 * samples; (2) the references: GPI with the true score grad log p(x|y), with the exact posterior's
 * grad log p(y|x) (a perfect classifier), and unadjusted Langevin with the true score; (3) for
 * every PGD radius eps and training seed, train a small softplus MLP (standard at eps 0, L2 PGD
 * otherwise) and measure on held-out points the cosine of its input gradient with the three true
 * gradients, the gradient-norm term of eq. 7, accuracy, and the energy distance between its GPI
 * samples and true samples of p(x|y) along the GPI steps; (4) mean and 95% t-interval across
 * training seeds; (5) tables, plots and, for d = 2, a picture of the density, the gradient fields
 * and the samples, in results/theory/<run-id>/.
 *
 *   ./jbang theory                          the default run (a few minutes on 2 cores)
 *   ./jbang theory --dims 2 --seeds 2 --eps 0,0.25 --gpi-steps 100     a quick look
 */

import illusions.report.RunReport;
import illusions.run.Provenance;
import illusions.run.RunDirectory;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.theory.Alignment;
import illusions.theory.ClassGradient;
import illusions.theory.EnergyDistance;
import illusions.theory.GaussianMixtureWorld;
import illusions.theory.Interval;
import illusions.theory.MlpClassifier;
import illusions.theory.ScoreSampler;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

@Command(name = "theory", mixinStandardHelpOptions = true,
        description = "Robust and standard classifiers' input gradients against the true score of a Gaussian-mixture world; writes results/theory/<run-id>/.")
class theory implements Callable<Integer> {

    // ---- Knobs: the world. Lengths are in units of the informative part's per-coordinate std (= 1).
    @Option(names = "--dims", split = ",", description = "dimensions d (default: ${DEFAULT-VALUE})")
    List<Integer> dims = List.of(2, 16, 64);
    @Option(names = "--informative", description = "dimensions in which the classes differ; the rest is a shared nuisance (default: ${DEFAULT-VALUE})")
    int informative = 2;
    @Option(names = "--classes", description = "classes K (default: ${DEFAULT-VALUE})")
    int classes = 3;
    @Option(names = "--components", description = "Gaussians per class (default: ${DEFAULT-VALUE})")
    int components = 3;
    @Option(names = "--spread", description = "spread of the component means (default: ${DEFAULT-VALUE})")
    double spread = 3.0;
    @Option(names = "--min-std", description = "smallest per-axis component std before scaling (default: ${DEFAULT-VALUE})")
    double minStd = 0.25;
    @Option(names = "--max-std", description = "largest per-axis component std before scaling (default: ${DEFAULT-VALUE})")
    double maxStd = 1.0;

    // ---- The classifiers.
    @Option(names = "--eps", split = ",", description = "L2 PGD radii; 0 = standard training (default: ${DEFAULT-VALUE})")
    List<Double> epsList = List.of(0.0, 0.05, 0.1, 0.25, 0.5, 1.0);
    @Option(names = "--seeds", description = "training seeds per eps (default: ${DEFAULT-VALUE})")
    int seeds = 3;
    @Option(names = "--hidden", split = ",", description = "hidden widths (default: ${DEFAULT-VALUE})")
    List<Integer> hidden = List.of(64, 64);
    @Option(names = "--activation", description = "softplus | tanh (default: ${DEFAULT-VALUE})")
    String activation = "softplus";
    @Option(names = "--pgd-steps", description = "PGD steps of a training attack, step 2.5 eps / steps (default: ${DEFAULT-VALUE})")
    int pgdSteps = 3;
    @Option(names = "--train-size", description = "training points (default: ${DEFAULT-VALUE})")
    int trainSize = 2000;
    @Option(names = "--test-size", description = "held-out points for the gradient measurements (default: ${DEFAULT-VALUE})")
    int testSize = 1000;
    @Option(names = "--epochs", description = "(default: ${DEFAULT-VALUE})")
    int epochs = 60;
    @Option(names = "--batch", description = "(default: ${DEFAULT-VALUE})")
    int batch = 100;
    @Option(names = "--lr", description = "Adam learning rate (default: ${DEFAULT-VALUE})")
    float lr = 3e-3f;

    // ---- GPI: the reference update x <- x + a g/||g|| + sigma N(0,I); and Langevin x <- x + a g + sqrt(2a) N(0,I).
    @Option(names = "--gpi-steps", description = "(default: ${DEFAULT-VALUE})")
    int gpiSteps = 400;
    @Option(names = "--gpi-step", description = "a, step size of the normalized update (default: ${DEFAULT-VALUE})")
    double gpiStep = 0.05;
    @Option(names = "--gpi-noise", description = "sigma, noise per step of the normalized update (default: ${DEFAULT-VALUE})")
    double gpiNoise = 0.05;
    @Option(names = "--langevin-step", description = "a of the Langevin reference sampler (default: ${DEFAULT-VALUE})")
    double langevinStep = 0.002;
    @Option(names = "--gpi-samples", description = "GPI samples per class (default: ${DEFAULT-VALUE})")
    int gpiSamples = 100;
    @Option(names = "--record", split = ",", description = "GPI steps at which the energy distance is measured (default: ${DEFAULT-VALUE})")
    List<Integer> record = List.of(0, 25, 50, 100, 200, 400);
    @Option(names = "--picture-eps", description = "the robust model shown in the d = 2 picture (default: ${DEFAULT-VALUE})")
    double pictureEps = 0.25;

    @Option(names = "--seed", description = "world seed; data, training and GPI seeds derive from it (default: ${DEFAULT-VALUE})")
    long seed = 0;
    @Option(names = "--threads", description = "TensorFlow intra-op threads (default: ${DEFAULT-VALUE}; these graphs are tiny)")
    int threads = 1;
    @Option(names = "--out", paramLabel = "DIR", description = "write the run here instead of results/theory/<run-id>")
    Path out;

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        Scripts.main(new theory(), args);
    }

    static final String[] STARTS = {"noise", "data"};

    // Tables, filled as the run goes.
    final Table models = Table.create("models", IntColumn.create("d"), DoubleColumn.create("eps"), IntColumn.create("seed"),
            DoubleColumn.create("final_train_loss"), DoubleColumn.create("clean_acc"), DoubleColumn.create("robust_acc"),
            DoubleColumn.create("bayes_acc"), DoubleColumn.create("cos_conditional"), DoubleColumn.create("cos_marginal"),
            DoubleColumn.create("cos_posterior"), DoubleColumn.create("grad_norm_sq"), DoubleColumn.create("train_seconds"));
    final Table gpi = Table.create("gpi", IntColumn.create("d"), StringColumn.create("field"), DoubleColumn.create("eps"),
            IntColumn.create("seed"), StringColumn.create("start"), IntColumn.create("step"), DoubleColumn.create("energy_distance"));
    final Table truth = Table.create("truth", IntColumn.create("d"), DoubleColumn.create("bayes_acc"),
            DoubleColumn.create("cos_posterior_conditional"), DoubleColumn.create("rms_marginal_over_conditional"),
            DoubleColumn.create("mean_sq_conditional"), DoubleColumn.create("mean_sq_marginal"),
            DoubleColumn.create("energy_floor"));

    @Override
    public Integer call() throws Exception {
        validate();
        long started = System.nanoTime();
        try (RunDirectory run = out != null ? RunDirectory.at(out)
                : RunDirectory.create(Workbench.root().resolve("results"), "theory")) {
            for (int d : dims) {
                // 1. The world and its samples.
                GaussianMixtureWorld world = GaussianMixtureWorld.random(d, informative, classes, components, spread,
                        minStd, maxStd, seed);
                GaussianMixtureWorld.Dataset train = world.sample(trainSize, mix(seed, d, 1));
                GaussianMixtureWorld.Dataset test = world.sample(testSize, mix(seed, d, 2));
                double[][][] reference = new double[classes][][];
                double floor = 0;
                for (int c = 0; c < classes; c++) {
                    reference[c] = world.sampleClass(c, gpiSamples, mix(seed, d, 10 + c));
                    floor += EnergyDistance.of(world.sampleClass(c, gpiSamples, mix(seed, d, 20 + c)), reference[c]) / classes;
                }
                int[] gpiLabels = new int[classes * gpiSamples];
                double[][] dataStart = new double[classes * gpiSamples][];
                for (int c = 0; c < classes; c++) {
                    double[][] held = world.sampleClass(c, gpiSamples, mix(seed, d, 30 + c));
                    for (int i = 0; i < gpiSamples; i++) {
                        gpiLabels[c * gpiSamples + i] = c;
                        dataStart[c * gpiSamples + i] = held[i];
                    }
                }
                Map<String, double[][]> starts = Map.of("noise", ScoreSampler.noise(classes * gpiSamples, d, mix(seed, d, 3)),
                        "data", dataStart);
                Alignment.Truth t = Alignment.truth(world, test.x(), test.y());
                double bayes = world.bayesAccuracy(test);
                truth.intColumn("d").append(d);
                truth.doubleColumn("bayes_acc").append(bayes);
                truth.doubleColumn("cos_posterior_conditional").append(t.cosPosteriorConditional());
                truth.doubleColumn("rms_marginal_over_conditional").append(t.rmsMarginalOverConditional());
                truth.doubleColumn("mean_sq_conditional").append(t.meanSqConditional());
                truth.doubleColumn("mean_sq_marginal").append(t.meanSqMarginal());
                truth.doubleColumn("energy_floor").append(floor);
                System.out.printf("d=%d: Bayes accuracy %.3f, cos(grad log p(y|x), grad log p(x|y)) = %.3f, energy floor %.4f%n",
                        d, bayes, t.cosPosteriorConditional(), floor);

                // 2. The reference samplers, driven by exact gradients.
                Map<String, Map<Integer, double[][]>> pictureSamples = new LinkedHashMap<>();
                for (String start : STARTS) {
                    var a = sampleAndMeasure(d, "true-score", Double.NaN, -1, start, ClassGradient.conditionalScore(world),
                            ScoreSampler.Rule.NORMALIZED, gpiStep, starts.get(start), gpiLabels, reference, mix(seed, d, 40));
                    var b = sampleAndMeasure(d, "exact-posterior", Double.NaN, -1, start, ClassGradient.bayesPosterior(world),
                            ScoreSampler.Rule.NORMALIZED, gpiStep, starts.get(start), gpiLabels, reference, mix(seed, d, 40));
                    var c = sampleAndMeasure(d, "true-score-langevin", Double.NaN, -1, start, ClassGradient.conditionalScore(world),
                            ScoreSampler.Rule.LANGEVIN, langevinStep, starts.get(start), gpiLabels, reference, mix(seed, d, 40));
                    if (start.equals("noise")) {
                        pictureSamples.put("GPI, true score grad log p(x|y)", a);
                        pictureSamples.put("GPI, exact posterior grad log p(y|x)", b);
                        pictureSamples.put("Langevin, true score grad log p(x|y)", c);
                    }
                }
                System.out.printf("d=%d: references done (%.0f s)%n", d, (System.nanoTime() - started) / 1e9);

                // 3. The classifiers.
                Map<String, double[][][]> pictureFields = new LinkedHashMap<>();
                for (double eps : epsList) {
                    for (int s = 0; s < seeds; s++) {
                        long t0 = System.nanoTime();
                        try (MlpClassifier net = new MlpClassifier(d, classes, hidden.stream().mapToInt(Integer::intValue).toArray(),
                                MlpClassifier.Activation.valueOf(activation.toUpperCase()), eps > 0 ? pgdSteps : 0, lr,
                                mix(seed, d, 100 + s), threads)) {
                            double[] loss = net.fit(train, epochs, batch, eps, mix(seed, d, 200 + s));
                            double seconds = (System.nanoTime() - t0) / 1e9;
                            Alignment al = Alignment.measure(world, net, test.x(), test.y());
                            models.intColumn("d").append(d);
                            models.doubleColumn("eps").append(eps);
                            models.intColumn("seed").append(s);
                            models.doubleColumn("final_train_loss").append(loss[loss.length - 1]);
                            models.doubleColumn("clean_acc").append(net.accuracy(test.x(), test.y()));
                            models.doubleColumn("robust_acc").append(eps > 0 ? net.robustAccuracy(test.x(), test.y(), eps, 10)
                                    : net.accuracy(test.x(), test.y()));
                            models.doubleColumn("bayes_acc").append(bayes);
                            models.doubleColumn("cos_conditional").append(al.cosConditional());
                            models.doubleColumn("cos_marginal").append(al.cosMarginal());
                            models.doubleColumn("cos_posterior").append(al.cosPosterior());
                            models.doubleColumn("grad_norm_sq").append(al.meanSquaredNorm());
                            models.doubleColumn("train_seconds").append(seconds);
                            for (String start : STARTS) {
                                var samples = sampleAndMeasure(d, "classifier", eps, s, start, net, ScoreSampler.Rule.NORMALIZED,
                                        gpiStep, starts.get(start), gpiLabels, reference, mix(seed, d, 40));
                                if (d == 2 && s == 0 && start.equals("noise") && (eps == 0 || eps == pictureEps)) {
                                    String name = eps == 0 ? "standard" : "robust, eps " + eps;
                                    pictureSamples.put("GPI, " + name + " classifier", samples);
                                    pictureFields.put(name + " classifier: grad log p_theta(y|x)", field(net, world));
                                }
                            }
                        }
                    }
                    Table here = models.where(models.intColumn("d").isEqualTo(d).and(models.doubleColumn("eps").isEqualTo(eps)));
                    System.out.printf("d=%d eps=%.2f: acc %s, cos to grad log p(x|y) %s, to grad log p(y|x) %s, E||g||^2 %s (%.0f s)%n",
                            d, eps, Interval.of(here.doubleColumn("clean_acc").asDoubleArray()),
                            Interval.of(here.doubleColumn("cos_conditional").asDoubleArray()),
                            Interval.of(here.doubleColumn("cos_posterior").asDoubleArray()),
                            Interval.of(here.doubleColumn("grad_norm_sq").asDoubleArray()), (System.nanoTime() - started) / 1e9);
                }
                if (d == 2) {
                    Map<String, double[][][]> fields = new LinkedHashMap<>();
                    fields.put("true score grad log p(x|y)", field(ClassGradient.conditionalScore(world), world));
                    fields.put("exact posterior grad log p(y|x)", field(ClassGradient.bayesPosterior(world), world));
                    fields.putAll(pictureFields);
                    ImageIO.write(picture(world, reference, fields, pictureSamples, gpiLabels), "png",
                            run.resolve("world_d2.png").toFile());
                }
            }

            // 4. Mean and 95% t-interval across training seeds.
            Table summary = summary();
            Table gpiSummary = gpiSummary();

            // 5. Tables, plots, config and provenance.
            run.writeCsv("models.csv", models);
            run.writeCsv("summary.csv", summary);
            run.writeCsv("gpi.csv", gpi);
            run.writeCsv("gpi_summary.csv", gpiSummary);
            run.writeCsv("truth.csv", truth);
            for (int d : dims) {
                writeChart(run, "cosine_d" + d + ".png", cosineChart(summary, d));
                writeChart(run, "energy_steps_d" + d + ".png", stepsChart(gpiSummary, d));
            }
            writeChart(run, "energy_vs_eps.png", energyChart(gpiSummary));
            writeChart(run, "grad_norm_vs_eps.png", normChart(summary));
            run.writeJson("config.json", config());
            run.writeJson("provenance.json", Provenance.collect(Workbench.root(), "none (trained in the run)", (String) null, seed,
                    threads, List.of(System.getProperty("sun.java.command", "theory"))));
            RunReport.write(run.path(), run.finalPath().getFileName().toString()); // report.html
            Path where = run.commit();
            System.out.println(headline(summary, gpiSummary));
            System.out.printf("%.0f s; results: %s%n", (System.nanoTime() - started) / 1e9, where);
        }
        return 0;
    }

    void validate() {
        if (dims.isEmpty() || dims.stream().anyMatch(d -> d < informative)) {
            throw new IllegalArgumentException("every --dims must be at least --informative (" + informative + ")");
        }
        if (seeds < 1 || gpiSamples < 2 || gpiSteps < 1 || epochs < 1 || batch < 1 || batch > trainSize) {
            throw new IllegalArgumentException("need --seeds >= 1, --gpi-samples >= 2, --gpi-steps >= 1, --epochs >= 1, 1 <= --batch <= --train-size");
        }
        if (epsList.stream().anyMatch(e -> e < 0)) throw new IllegalArgumentException("--eps must be >= 0");
        if (pgdSteps < 1) throw new IllegalArgumentException("--pgd-steps must be >= 1");
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
        MlpClassifier.Activation.valueOf(activation.toUpperCase());
    }

    /** A seed for one purpose, from the run's seed, the dimension and a tag. */
    static long mix(long seed, int d, int tag) {
        long z = seed * 0x9E3779B97F4A7C15L + d * 0xBF58476D1CE4E5B9L + tag * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Runs one sampler and appends the per-step energy distance (mean over classes) to the gpi table. */
    Map<Integer, double[][]> sampleAndMeasure(int d, String field, double eps, int s, String start, ClassGradient g,
            ScoreSampler.Rule rule, double a, double[][] x0, int[] y, double[][][] reference, long noiseSeed) {
        int[] rec = record.stream().mapToInt(Integer::intValue).filter(r -> r <= gpiSteps).toArray();
        Map<Integer, double[][]> snaps = ScoreSampler.run(g, x0, y, rule, a, gpiNoise, gpiSteps, rec, noiseSeed);
        for (var e : snaps.entrySet()) {
            double ed = 0;
            for (int c = 0; c < classes; c++) {
                ed += EnergyDistance.of(Arrays.copyOfRange(e.getValue(), c * gpiSamples, (c + 1) * gpiSamples), reference[c]) / classes;
            }
            gpi.intColumn("d").append(d);
            gpi.stringColumn("field").append(field);
            gpi.doubleColumn("eps").append(eps);
            gpi.intColumn("seed").append(s);
            gpi.stringColumn("start").append(start);
            gpi.intColumn("step").append(e.getKey());
            gpi.doubleColumn("energy_distance").append(ed);
        }
        return snaps;
    }

    static final String[] METRICS = {"clean_acc", "robust_acc", "cos_conditional", "cos_marginal", "cos_posterior", "grad_norm_sq"};

    Table summary() {
        Table t = Table.create("summary", IntColumn.create("d"), DoubleColumn.create("eps"), StringColumn.create("metric"),
                DoubleColumn.create("mean"), DoubleColumn.create("ci_low"), DoubleColumn.create("ci_high"), IntColumn.create("n"));
        for (int d : dims) {
            for (double eps : epsList) {
                Table here = models.where(models.intColumn("d").isEqualTo(d).and(models.doubleColumn("eps").isEqualTo(eps)));
                for (String m : METRICS) addRow(t, d, eps, m, Interval.of(here.doubleColumn(m).asDoubleArray()));
            }
        }
        return t;
    }

    Table gpiSummary() {
        Table t = Table.create("gpi_summary", IntColumn.create("d"), StringColumn.create("field"), DoubleColumn.create("eps"),
                StringColumn.create("start"), IntColumn.create("step"), DoubleColumn.create("mean"), DoubleColumn.create("ci_low"),
                DoubleColumn.create("ci_high"), IntColumn.create("n"));
        for (int d : dims) {
            for (String start : STARTS) {
                for (int step : record) {
                    if (step > gpiSteps) continue;
                    Table sel = gpi.where(gpi.intColumn("d").isEqualTo(d).and(gpi.stringColumn("start").isEqualTo(start))
                            .and(gpi.intColumn("step").isEqualTo(step)));
                    for (String ref : new String[] {"true-score", "exact-posterior", "true-score-langevin"}) {
                        Table r = sel.where(sel.stringColumn("field").isEqualTo(ref));
                        gpiRow(t, d, ref, Double.NaN, start, step, Interval.of(r.doubleColumn("energy_distance").asDoubleArray()));
                    }
                    for (double eps : epsList) {
                        Table r = sel.where(sel.stringColumn("field").isEqualTo("classifier").and(sel.doubleColumn("eps").isEqualTo(eps)));
                        gpiRow(t, d, "classifier", eps, start, step, Interval.of(r.doubleColumn("energy_distance").asDoubleArray()));
                    }
                }
            }
        }
        return t;
    }

    static void addRow(Table t, int d, double eps, String metric, Interval i) {
        t.intColumn("d").append(d);
        t.doubleColumn("eps").append(eps);
        t.stringColumn("metric").append(metric);
        t.doubleColumn("mean").append(i.mean());
        t.doubleColumn("ci_low").append(i.low());
        t.doubleColumn("ci_high").append(i.high());
        t.intColumn("n").append(i.n());
    }

    static void gpiRow(Table t, int d, String field, double eps, String start, int step, Interval i) {
        t.intColumn("d").append(d);
        t.stringColumn("field").append(field);
        t.doubleColumn("eps").append(eps);
        t.stringColumn("start").append(start);
        t.intColumn("step").append(step);
        t.doubleColumn("mean").append(i.mean());
        t.doubleColumn("ci_low").append(i.low());
        t.doubleColumn("ci_high").append(i.high());
        t.intColumn("n").append(i.n());
    }

    static Interval lookup(Table summary, int d, double eps, String metric) {
        Table r = summary.where(summary.intColumn("d").isEqualTo(d).and(summary.doubleColumn("eps").isEqualTo(eps))
                .and(summary.stringColumn("metric").isEqualTo(metric)));
        return new Interval(r.doubleColumn("mean").getDouble(0), r.doubleColumn("ci_low").getDouble(0), r.doubleColumn("ci_high").getDouble(0),
                Double.NaN, r.intColumn("n").get(0));
    }

    Interval gpiLookup(Table g, int d, String field, double eps, String start, int step) {
        Table r = g.where(g.intColumn("d").isEqualTo(d).and(g.stringColumn("field").isEqualTo(field))
                .and(g.stringColumn("start").isEqualTo(start)).and(g.intColumn("step").isEqualTo(step)));
        if (field.equals("classifier")) r = r.where(r.doubleColumn("eps").isEqualTo(eps));
        return new Interval(r.doubleColumn("mean").getDouble(0), r.doubleColumn("ci_low").getDouble(0), r.doubleColumn("ci_high").getDouble(0),
                Double.NaN, r.intColumn("n").get(0));
    }

    int lastStep() {
        return record.stream().filter(r -> r <= gpiSteps).mapToInt(Integer::intValue).max().orElse(0);
    }

    /** The headline: per d and eps, the three cosines, E||g||^2 and the final energy distance from noise. */
    String headline(Table summary, Table g) {
        StringBuilder sb = new StringBuilder();
        int last = lastStep();
        sb.append(String.format("%n| d | eps | clean acc | cos(g, grad log p(x|y)) | cos(g, grad log p(x)) | cos(g, grad log p(y|x)) | E||g||^2 | energy distance, GPI from noise, step %d |%n", last));
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (int d : dims) {
            for (double eps : epsList) {
                sb.append(String.format("| %d | %s | %s | %s | %s | %s | %s | %s |%n", d, eps, lookup(summary, d, eps, "clean_acc"),
                        lookup(summary, d, eps, "cos_conditional"), lookup(summary, d, eps, "cos_marginal"),
                        lookup(summary, d, eps, "cos_posterior"), fmtNorm(lookup(summary, d, eps, "grad_norm_sq")),
                        gpiLookup(g, d, "classifier", eps, "noise", last)));
            }
        }
        sb.append(String.format("%n| d | Bayes acc | cos(grad log p(y|x), grad log p(x|y)) | rms ||grad log p(x)|| / ||grad log p(x|y)|| | energy floor | true score, GPI | exact posterior, GPI | true score, Langevin |%n"));
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < truth.rowCount(); i++) {
            int d = truth.intColumn("d").get(i);
            sb.append(String.format("| %d | %.3f | %.3f | %.3f | %.4f | %.4f | %.4f | %.4f |%n", d, truth.doubleColumn("bayes_acc").getDouble(i),
                    truth.doubleColumn("cos_posterior_conditional").getDouble(i), truth.doubleColumn("rms_marginal_over_conditional").getDouble(i),
                    truth.doubleColumn("energy_floor").getDouble(i), gpiLookup(g, d, "true-score", 0, "noise", last).mean(),
                    gpiLookup(g, d, "exact-posterior", 0, "noise", last).mean(),
                    gpiLookup(g, d, "true-score-langevin", 0, "noise", last).mean()));
        }
        return sb.toString();
    }

    static String fmtNorm(Interval i) {
        return i.n() > 1 ? String.format("%.3g [%.3g, %.3g]", i.mean(), i.low(), i.high()) : String.format("%.3g", i.mean());
    }

    // ---- Plots (XChart) ---------------------------------------------------------------------------

    XYChart cosineChart(Table summary, int d) {
        XYChart c = new XYChartBuilder().width(640).height(420).title("d = " + d + ": cosine of the classifier's input gradient with")
                .xAxisTitle("training eps (L2, data units)").yAxisTitle("mean cosine over held-out points").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        double[] x = epsList.stream().mapToDouble(Double::doubleValue).toArray();
        String[][] series = {{"cos_conditional", "grad log p(x|y)"}, {"cos_marginal", "grad log p(x)"}, {"cos_posterior", "grad log p(y|x)"}};
        for (String[] s : series) {
            double[] y = new double[x.length], err = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                Interval v = lookup(summary, d, x[i], s[0]);
                y[i] = v.mean();
                err[i] = Double.isFinite(v.low()) ? (v.high() - v.low()) / 2 : 0;
            }
            c.addSeries(s[1], x, y, err);
        }
        return c;
    }

    XYChart stepsChart(Table g, int d) {
        XYChart c = new XYChartBuilder().width(640).height(420).title("d = " + d + ": GPI from noise, energy distance to p(x|y)")
                .xAxisTitle("GPI step").yAxisTitle("energy distance (mean over classes)").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        c.getStyler().setYAxisLogarithmic(true);
        double[] steps = record.stream().filter(r -> r <= gpiSteps).mapToDouble(Integer::doubleValue).toArray();
        for (String ref : new String[] {"true-score", "exact-posterior", "true-score-langevin"}) {
            c.addSeries(ref, steps, Arrays.stream(steps).map(s -> Math.max(1e-4, gpiLookup(g, d, ref, 0, "noise", (int) s).mean())).toArray());
        }
        for (double eps : epsList) {
            c.addSeries("classifier eps " + eps, steps,
                    Arrays.stream(steps).map(s -> Math.max(1e-4, gpiLookup(g, d, "classifier", eps, "noise", (int) s).mean())).toArray());
        }
        return c;
    }

    XYChart energyChart(Table g) {
        int last = lastStep();
        XYChart c = new XYChartBuilder().width(640).height(420).title("GPI with the classifier, step " + last + ": energy distance to p(x|y)")
                .xAxisTitle("training eps (L2, data units)").yAxisTitle("energy distance").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        double[] x = epsList.stream().mapToDouble(Double::doubleValue).toArray();
        for (int d : dims) {
            for (String start : STARTS) {
                double[] y = new double[x.length], err = new double[x.length];
                for (int i = 0; i < x.length; i++) {
                    Interval v = gpiLookup(g, d, "classifier", x[i], start, last);
                    y[i] = v.mean();
                    err[i] = Double.isFinite(v.low()) ? (v.high() - v.low()) / 2 : 0;
                }
                c.addSeries("d=" + d + ", from " + start, x, y, err);
            }
            double ts = gpiLookup(g, d, "true-score", 0, "noise", last).mean();
            c.addSeries("d=" + d + ", true score (from noise)", x, Arrays.stream(x).map(v -> ts).toArray());
        }
        return c;
    }

    XYChart normChart(Table summary) {
        XYChart c = new XYChartBuilder().width(640).height(420).title("eq. 7's gradient-norm term E||grad_x log p_theta(y|x)||^2")
                .xAxisTitle("training eps (L2, data units)").yAxisTitle("held-out mean").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setYAxisLogarithmic(true);
        double[] x = epsList.stream().mapToDouble(Double::doubleValue).toArray();
        for (int d : dims) {
            c.addSeries("d=" + d, x, Arrays.stream(x).map(e -> Math.max(1e-6, lookup(summary, d, e, "grad_norm_sq").mean())).toArray());
        }
        return c;
    }

    static void writeChart(RunDirectory run, String name, XYChart chart) throws Exception {
        ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", run.resolve(name).toFile());
    }

    // ---- The d = 2 picture (Java2D) ---------------------------------------------------------------

    static final int GRID = 15, PANEL = 300;
    static final double LO = -3, HI = 3;
    static final Color[] CLASS_COLORS = {new Color(0xD62728), new Color(0x1F77B4), new Color(0x2CA02C), new Color(0x9467BD),
            new Color(0xFF7F0E)};

    /** The field at GRID x GRID points of [LO, HI]^2, for class 0: [i][j] = gradient at (x_i, y_j). */
    static double[][][] field(ClassGradient g, GaussianMixtureWorld world) {
        double[][] pts = new double[GRID * GRID][];
        int[] y = new int[GRID * GRID];
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) pts[i * GRID + j] = new double[] {LO + (HI - LO) * (i + 0.5) / GRID, LO + (HI - LO) * (j + 0.5) / GRID};
        }
        double[][] v = g.gradient(pts, y);
        double[][][] out = new double[GRID][GRID][];
        for (int i = 0; i < GRID; i++) for (int j = 0; j < GRID; j++) out[i][j] = v[i * GRID + j];
        return out;
    }

    BufferedImage picture(GaussianMixtureWorld world, double[][][] reference, Map<String, double[][][]> fields,
            Map<String, Map<Integer, double[][]>> samples, int[] labels) {
        List<Runnable> panels = new ArrayList<>();
        int n = 1 + fields.size() + samples.size();
        int cols = 4, rows = (n + cols - 1) / cols;
        BufferedImage img = new BufferedImage(cols * PANEL, rows * (PANEL + 24), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        // Background: log p(x) as gray levels (shared by every panel).
        BufferedImage density = new BufferedImage(PANEL, PANEL, BufferedImage.TYPE_INT_RGB);
        double[][] lp = new double[PANEL][PANEL];
        double max = Double.NEGATIVE_INFINITY;
        for (int px = 0; px < PANEL; px++) {
            for (int py = 0; py < PANEL; py++) {
                lp[px][py] = world.logMarginal(new double[] {toX(px), toX(PANEL - 1 - py)});
                max = Math.max(max, lp[px][py]);
            }
        }
        for (int px = 0; px < PANEL; px++) {
            for (int py = 0; py < PANEL; py++) {
                double v = Math.exp(Math.max(-8, lp[px][py] - max) / 3); // cube root of the density, relative to its peak
                int gray = (int) Math.round(255 - 150 * v);
                density.setRGB(px, py, new Color(gray, gray, gray).getRGB());
            }
        }
        int k = 0;
        // Panel 1: the density with true samples of every class.
        drawPanel(g, density, k++, cols, "density p(x), true samples of p(x|y)");
        for (int c = 0; c < reference.length; c++) dots(g, 0, cols, reference[c], CLASS_COLORS[c % CLASS_COLORS.length]);
        for (var f : fields.entrySet()) {
            int at = k++;
            drawPanel(g, density, at, cols, f.getKey() + ", y = 0");
            arrows(g, at, cols, f.getValue());
        }
        int last = lastStep();
        for (var s : samples.entrySet()) {
            int at = k++;
            drawPanel(g, density, at, cols, s.getKey() + ", step " + last);
            double[][] x = s.getValue().get(last);
            for (int c = 0; c < classes; c++) {
                dots(g, at, cols, Arrays.copyOfRange(x, c * gpiSamples, (c + 1) * gpiSamples), CLASS_COLORS[c % CLASS_COLORS.length]);
            }
        }
        g.dispose();
        return img;
    }

    static double toX(int px) {
        return LO + (HI - LO) * (px + 0.5) / PANEL;
    }

    static int toPx(double x) {
        return (int) Math.round((x - LO) / (HI - LO) * PANEL);
    }

    static void drawPanel(Graphics2D g, BufferedImage density, int k, int cols, String title) {
        int ox = (k % cols) * PANEL, oy = (k / cols) * (PANEL + 24);
        g.drawImage(density, ox, oy + 24, null);
        g.setColor(Color.BLACK);
        g.drawString(title.length() > 52 ? title.substring(0, 52) : title, ox + 4, oy + 16);
        g.drawRect(ox, oy + 24, PANEL - 1, PANEL - 1);
    }

    static void dots(Graphics2D g, int k, int cols, double[][] x, Color color) {
        int ox = (k % cols) * PANEL, oy = (k / cols) * (PANEL + 24) + 24;
        g.setColor(color);
        for (double[] p : x) {
            int px = toPx(p[0]), py = PANEL - 1 - toPx(p[1]);
            if (px >= 0 && px < PANEL && py >= 0 && py < PANEL) g.fillOval(ox + px - 2, oy + py - 2, 4, 4);
        }
    }

    /** Unit arrows (direction only: GPI's update uses g/||g||), their shade darker for larger ||g|| within the panel. */
    static void arrows(Graphics2D g, int k, int cols, double[][][] f) {
        int ox = (k % cols) * PANEL, oy = (k / cols) * (PANEL + 24) + 24;
        double maxNorm = 0;
        for (double[][] row : f) for (double[] v : row) maxNorm = Math.max(maxNorm, Math.hypot(v[0], v[1]));
        g.setStroke(new BasicStroke(1.3f));
        double len = 0.4 * PANEL / GRID;
        for (int i = 0; i < GRID; i++) {
            for (int j = 0; j < GRID; j++) {
                double[] v = f[i][j];
                double nrm = Math.hypot(v[0], v[1]);
                double cx = ox + (i + 0.5) * PANEL / GRID, cy = oy + PANEL - (j + 0.5) * PANEL / GRID;
                if (nrm == 0 || maxNorm == 0) continue;
                double ux = v[0] / nrm, uy = -v[1] / nrm;
                float shade = (float) (0.25 + 0.75 * Math.sqrt(nrm / maxNorm));
                g.setColor(new Color(0.8f * (1 - shade), 0.1f, 0.6f * shade + 0.2f));
                double x0 = cx - ux * len, y0 = cy - uy * len, x1 = cx + ux * len, y1 = cy + uy * len;
                g.drawLine((int) x0, (int) y0, (int) x1, (int) y1);
                double hx = -ux * 4, hy = -uy * 4;
                g.drawLine((int) x1, (int) y1, (int) (x1 + hx - uy * 3), (int) (y1 + hy + ux * 3));
                g.drawLine((int) x1, (int) y1, (int) (x1 + hx + uy * 3), (int) (y1 + hy - ux * 3));
            }
        }
    }

    Map<String, Object> config() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("script", "theory");
        m.put("dims", dims);
        m.put("informative", informative);
        m.put("classes", classes);
        m.put("components", components);
        m.put("spread", spread);
        m.put("min_std", minStd);
        m.put("max_std", maxStd);
        m.put("eps", epsList);
        m.put("seeds", seeds);
        m.put("hidden", hidden);
        m.put("activation", activation);
        m.put("pgd_steps", pgdSteps);
        m.put("pgd_step_size", "2.5 * eps / pgd_steps, from the clean point, L2-normalized gradient, projection onto the L2 ball");
        m.put("train_size", trainSize);
        m.put("test_size", testSize);
        m.put("epochs", epochs);
        m.put("batch", batch);
        m.put("lr", lr);
        m.put("optimizer", "Adam (tensorflow-framework)");
        m.put("gpi_steps", gpiSteps);
        m.put("gpi_step", gpiStep);
        m.put("gpi_noise", gpiNoise);
        m.put("langevin_step", langevinStep);
        m.put("gpi_samples_per_class", gpiSamples);
        m.put("record", record);
        m.put("picture_eps", pictureEps);
        m.put("seed", seed);
        m.put("threads", threads);
        return m;
    }
}
