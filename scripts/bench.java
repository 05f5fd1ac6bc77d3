///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * How fast is one GPI step? A random-weight ResNet50 at 224x224, the reference Kanizsa update
 * (IncreaseConfidence CE, L2 step, eps box, noise; nothing recorded but the loss), batch 1 and
 * batch 8, timed per step after warm-up in rounds of --round steps; the median and quartiles are
 * printed, with the process's peak resident memory (VmHWM: Java heap plus TensorFlow's native
 * memory) after each batch size.
 *
 *   ./jbang bench                                 Java alone, fp32
 *   ./jbang bench --against-pytorch               the same update in PyTorch (scripts/gpi_step_torch.py, a
 *                                                 subprocess), rounds alternating with Java's; both medians
 *                                                 and their ratio
 *   ./jbang bench --precision bf16 --against-pytorch
 *                                                 bf16 through oneDNN's rewriter against PyTorch fp32; also
 *                                                 which ops the rewriter turned into bf16, and the per-step
 *                                                 cosine of the bf16 and fp32 update directions
 *   ./jbang bench --steps 3 --warmup 1            a smoke run
 *   ./jbang bench --profile --against-pytorch     where a step's time goes: TensorFlow's trace summed by op type,
 *                                                 beside torch.profiler's table for the same update
 *   ./jbang bench --compare                       the design choices side by side: batch norm folded / fused /
 *                                                 scale-shift (interleaved rounds, batch 1), the noise
 *                                                 generators, and the host-side work of a step
 * Targets (issue 10), as ratios within one run: fp32 batch 1 <= 0.75x PyTorch; bf16 <= 0.4x PyTorch
 * fp32; batch 8 per image <= 0.6x batch 1; peak RSS at batch 1 <= 1 GB.
 */

import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.GpiResult;
import illusions.gpi.NoiseSource;
import illusions.gpi.Sample;
import illusions.gpi.Snapshot;
import illusions.model.ClassifierModel;
import illusions.model.OptimizedGraph;
import illusions.model.ModelLoader;
import illusions.model.Precision;
import illusions.model.PrecisionCheck;
import illusions.model.ResNetGraph;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import illusions.model.Tensors;
import illusions.perf.PyTorchBaseline;
import illusions.run.Provenance;
import illusions.run.Scripts;
import illusions.run.Workbench;
import illusions.stimuli.KanizsaSquare;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Milliseconds per GPI step on a ResNet50 at 224x224, optionally against PyTorch.")
class bench implements Callable<Integer> {
    @Option(names = "--steps", description = "timed steps per batch size (default: ${DEFAULT-VALUE})") int steps = 30;
    @Option(names = "--warmup", description = "untimed steps first (default: ${DEFAULT-VALUE})") int warmup = 5;
    @Option(names = "--round", description = "steps per round; with --against-pytorch, Java and PyTorch alternate rounds (default: ${DEFAULT-VALUE})") int round = 5;
    @Option(names = "--batches", split = ",", description = "batch sizes (default: 1,8)") List<Integer> batches = List.of(1, 8);
    @Option(names = "--depth", description = "ResNet depth (default: ${DEFAULT-VALUE})") int depth = 50;
    @Option(names = "--size", description = "input size in pixels (default: ${DEFAULT-VALUE})") int size = 224;
    @Option(names = "--width", description = "channels of the first stage (default: ${DEFAULT-VALUE}, torchvision's; the embedded models have 16)") int width = 64;
    @Option(names = "--threads", description = "TensorFlow intra-op threads, and PyTorch's (default: all cores)") int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--inter-op", description = "TensorFlow inter-op threads (default: ${DEFAULT-VALUE})") int interOp = 1;
    @Option(names = "--precision", paramLabel = "fp32|bf16", description = "Java's arithmetic (PyTorch always runs fp32; default: ${DEFAULT-VALUE})") String precision = "fp32";
    @Option(names = "--cosine-steps", description = "with bf16: steps of an fp32 trajectory at which the bf16 and fp32 update directions are compared (0: none; default: ${DEFAULT-VALUE})") int cosineSteps = 10;
    @Option(names = "--cosine-model", paramLabel = "DIR", description = "with bf16: compare the directions on this model (e.g. models/occlusion-robust, at its own input size) instead of the random ResNet")
    String cosineModel;
    @Option(names = "--against-pytorch", description = "run the same update in PyTorch in the same run, interleaved, and print both and the ratio") boolean againstPytorch;
    @Option(names = "--python", description = "the Python with torch and torchvision (default: python3, then /usr/bin/python3)") String python;
    @Option(names = "--real-job", description = "instead: the real-size job, N samples x 500 steps of the reference Kanizsa config in one batch, wall time (and PyTorch's with --against-pytorch)", paramLabel = "N", arity = "0..1", fallbackValue = "10") Integer realJob;
    @Option(names = "--profile", paramLabel = "N", arity = "0..1", fallbackValue = "10",
            description = "instead: TensorFlow's trace of N steps (default 10) per batch size, after the warm-up, summed by op type: where a step's time goes") Integer profile;
    @Option(names = "--sessions", paramLabel = "K",
            description = "instead: each batch split over K TensorFlow sessions of threads/K intra-op threads (own thread pools), run at once, in rounds alternating with one session of all the threads on the whole batch: median ms per step of each, their ratio, and how many samples end bit-identical")
    Integer sessions;
    @Option(names = "--compare", description = "time the batch-norm forms, noise generators and host-side step work instead") boolean compare;

    public static void main(String[] args) {
        Scripts.main(new bench(), args);
    }

    @Override
    public Integer call() throws Exception {
        Precision prec = Precision.parse(precision);
        if (steps < 1 || warmup < 0 || round < 1) throw new IllegalArgumentException("--steps and --round must be at least 1 and --warmup at least 0");
        if (threads < 1 || interOp < 1) throw new IllegalArgumentException("--threads and --inter-op must be at least 1");
        if (cosineSteps < 0) throw new IllegalArgumentException("--cosine-steps must be at least 0, got " + cosineSteps);
        for (int b : batches) if (b < 1) throw new IllegalArgumentException("--batches must be at least 1, got " + b);
        if (width < 1) throw new IllegalArgumentException("--width must be at least 1, got " + width);
        if (profile != null && profile < 1) throw new IllegalArgumentException("--profile needs at least 1 step, got " + profile);
        ResNetSpec spec = ResNetSpec.resnet(depth, width, 1000, size);
        System.out.printf("%s, random weights, %dx%d %s, %d intra-op / %d inter-op threads, TensorFlow %s (%s), Java %s%n",
                spec.name(), size, size, prec.cliName(), threads, interOp, TensorFlow.version(), Provenance.nativeLibrary(),
                System.getProperty("java.version"));
        System.out.printf("CPU: %s; bfloat16: %s%n", Provenance.cpuModel(), Precision.cpuBf16Support());
        if (compare) return compare(spec);

        PyTorchBaseline.Probe torch = null;
        if (againstPytorch) {
            torch = PyTorchBaseline.find(python != null ? List.of(python) : List.of("python3", "/usr/bin/python3"));
            if (torch.available()) {
                System.out.printf("PyTorch: %s (%s), %d threads, fp32, rounds of %d steps alternating with Java's%n",
                        torch.versions(), torch.python(), threads, round);
            } else {
                System.out.println("PyTorch not available: " + torch.problem() + ". Timing Java alone.");
                torch = null;
            }
        }

        StateDict weights = StateDict.random(spec, 0);
        var image = new KanizsaSquare().render(size).image();
        if (realJob != null) return realJob(spec, weights, image, prec, torch);
        if (sessions != null) return sessions(spec, weights, image, prec);
        Path imageFile = torch == null ? null : imageFile(image);
        GpiConfig cfg = bare(GpiConfig.kanizsaReference()).withSteps(round + 1);
        List<String> torchRows = new ArrayList<>();
        try (ClassifierModel model = ClassifierModel.inMemory(spec, weights, null, prec.sessionConfig(threads, interOp),
                ResNetGraph.BatchNormMode.FOLDED, prec)) {
            Gpi gpi = new Gpi(model, cfg);
            if (prec == Precision.BF16) {
                OptimizedGraph g = gpi.optimizedGraph(List.of(new Sample("kanizsa", image, 0)));
                System.out.println("bf16 rewriter: " + g.describe() + "; devices " + g.devices());
                try (ClassifierModel m32 = ClassifierModel.inMemory(spec, weights, null, threads, Precision.FP32)) {
                    PrecisionCheck c = PrecisionCheck.compare(m32, model);
                    System.out.println("bf16 check against fp32 (" + Precision.cpuBf16Support() + "): " + c.describe()
                            + (c.agrees() ? "" : ": WRONG on this CPU, the loader refuses it and the bf16 times below are of wrong arithmetic"));
                }
            }
            if (profile != null) return profile(gpi, image, torch);
            System.out.println("batch | median ms/step | q1 | q3 | ms/step/image | peak RSS after (MB)");
            for (int b : batches) {
                List<Sample> samples = kanizsaSamples(image, b);
                List<Double> java = new ArrayList<>(), py = new ArrayList<>();
                try (PyTorchBaseline pt = torch == null ? null
                        : PyTorchBaseline.start(torch.python(), Workbench.root().resolve("scripts/gpi_step_torch.py"), threads, b,
                                depth, width, size, imageFile)) {
                    for (int w = 0; w < warmup; w += round) { // untimed: whole rounds of both
                        javaRound(gpi, samples);
                        if (pt != null) pt.round(round);
                    }
                    while (java.size() < steps) {
                        java.addAll(javaRound(gpi, samples));
                        if (pt != null) py.addAll(pt.round(round));
                    }
                }
                double[] ms = java.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                int n = ms.length;
                System.out.printf("%5d | %14.1f | %.1f | %.1f | %13.1f | %d%n", b, ms[n / 2], ms[n / 4], ms[3 * n / 4], ms[n / 2] / b,
                        peakRssMb());
                if (torch != null) {
                    double pm = median(py);
                    torchRows.add(String.format("%5d | %9.1f | %12.1f | %12.3f | %11.1f | %d + %d", b, ms[n / 2], pm, ms[n / 2] / pm,
                            pm / b, n, py.size()));
                }
            }
        }
        if (!torchRows.isEmpty()) {
            System.out.println();
            System.out.println("batch | java " + prec.cliName() + " median ms/step | pytorch fp32 median ms/step | java/pytorch | pytorch ms/step/image | steps (java + pytorch)");
            torchRows.forEach(System.out::println);
        }
        if (prec != Precision.FP32 && cosineSteps > 0) {
            if (cosineModel == null) {
                try (ClassifierModel m32 = ClassifierModel.inMemory(spec, weights, null, threads, Precision.FP32);
                     ClassifierModel mlow = ClassifierModel.inMemory(spec, weights, null, threads, prec)) {
                    cosines(spec.name() + " (random weights)", m32, mlow, image);
                }
            } else {
                Path dir = Workbench.resolve(cosineModel);
                try (ClassifierModel m32 = ModelLoader.load(dir, threads, Precision.FP32);
                     ClassifierModel mlow = ModelLoader.load(dir, threads, prec)) {
                    cosines(cosineModel, m32, mlow, new KanizsaSquare().render(m32.inputSize()).image());
                }
            }
        }
        return 0;
    }

    /** The Kanizsa square n times, with noise seeds 0..n-1: the batch every timing runs. */
    static List<Sample> kanizsaSamples(illusions.image.RgbImage image, int n) {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < n; i++) samples.add(new Sample("kanizsa", image, i));
        return samples;
    }

    /** --profile: per batch size, the warm-up steps untimed, then the op-type table of a traced step. */
    int profile(Gpi gpi, illusions.image.RgbImage image, PyTorchBaseline.Probe torch) throws Exception {
        Path imageFile = torch == null ? null : imageFile(image);
        for (int b : batches) {
            List<Sample> samples = kanizsaSamples(image, b);
            for (int w = 0; w < warmup; w += round) javaRound(gpi, samples);
            System.out.printf("%nbatch %d, java, %d traced steps:%n", b, profile);
            System.out.print(gpi.profile(samples, profile).table(15));
            if (torch != null) {
                System.out.printf("%nbatch %d, pytorch fp32, %d profiled steps (torch.profiler; self CPU time):%n", b, profile);
                System.out.println(PyTorchBaseline.profile(torch.python(), Workbench.root().resolve("scripts/gpi_step_torch.py"), threads,
                        b, depth, width, size, imageFile, profile));
            }
        }
        return 0;
    }

    /**
     * The real-size job: what `kanizsa` asks of a ResNet50 at 224 px, N samples (the Kanizsa square
     * with seeds 0..N-1) x 500 steps of the reference config in one batch, recording as `kanizsa` does
     * (images at the quarters, stem and layer1 taps); timed from building the model to the last step.
     * PyTorch runs the same batch and steps (without recording) in its own process afterwards.
     */
    int realJob(ResNetSpec spec, StateDict weights, illusions.image.RgbImage image, Precision prec, PyTorchBaseline.Probe torch)
            throws Exception {
        if (realJob < 1) throw new IllegalArgumentException("--real-job needs at least 1 sample, got " + realJob);
        GpiConfig cfg = GpiConfig.kanizsaReference();
        List<Sample> samples = kanizsaSamples(image, realJob);
        long t0 = System.nanoTime();
        try (ClassifierModel model = ClassifierModel.inMemory(spec, weights, null, prec.sessionConfig(threads, interOp),
                ResNetGraph.BatchNormMode.FOLDED, prec)) {
            new Gpi(model, cfg).run(samples, null);
        }
        double java = (System.nanoTime() - t0) / 1e9;
        System.out.printf("real-size job, %d samples x %d steps: java %s %.1f s (peak RSS %d MB)%n", realJob, cfg.steps(),
                prec.cliName(), java, peakRssMb());
        if (torch != null) {
            double py = PyTorchBaseline.job(torch.python(), Workbench.root().resolve("scripts/gpi_step_torch.py"), threads,
                    realJob, depth, width, size, imageFile(image), cfg.steps());
            System.out.printf("real-size job: pytorch fp32 %.1f s; java/pytorch %.3f%n", py, java / py);
        }
        return 0;
    }

    /** The image Java starts from, as the PyTorch script reads it: float32 little-endian HWC, in a temporary file. */
    static Path imageFile(illusions.image.RgbImage image) throws java.io.IOException {
        Path f = Files.createTempFile("bench-image", ".f32");
        f.toFile().deleteOnExit();
        ByteBuffer buf = ByteBuffer.allocate(image.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : image.data()) buf.putFloat(v);
        Files.write(f, buf.array());
        return f;
    }

    /** The config without recorded iterations or taps: the bare update, as in a run between its recorded iterations. */
    /**
     * --sessions K: the batch split into K contiguous parts, each run by its own session (threads/K
     * intra-op threads, its own pools) on its own Java thread, against one session of all the threads
     * on the whole batch, in alternating rounds. A round's time per step is from the end of iteration 0
     * to the end of iteration `round` (the latest part for the split run), over `round` steps.
     */
    int sessions(ResNetSpec spec, StateDict weights, illusions.image.RgbImage image, Precision prec) throws Exception {
        if (sessions < 2 || sessions > threads) {
            throw new IllegalArgumentException("--sessions must be from 2 to --threads (" + threads + "), got " + sessions);
        }
        GpiConfig cfg = bare(GpiConfig.kanizsaReference()).withSteps(round + 1);
        List<ClassifierModel> models = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(sessions);
        try {
            ClassifierModel whole = ClassifierModel.inMemory(spec, weights, null, prec.sessionConfig(threads, interOp, true),
                    ResNetGraph.BatchNormMode.FOLDED, prec);
            models.add(whole);
            List<Gpi> parts = new ArrayList<>();
            for (int k = 0; k < sessions; k++) {
                ClassifierModel m = ClassifierModel.inMemory(spec, weights, null, prec.sessionConfig(threads / sessions, interOp, true),
                        ResNetGraph.BatchNormMode.FOLDED, prec);
                models.add(m);
                parts.add(new Gpi(m, cfg));
            }
            Gpi one = new Gpi(whole, cfg);
            System.out.printf("one session of %d threads against %d sessions of %d thread(s), run at once, rounds of %d steps%n",
                    threads, sessions, threads / sessions, round);
            System.out.println("batch | one session: median ms/step | split: median ms/step | split/one | samples bit-identical after a round");
            for (int b : batches) {
                if (b < sessions) throw new IllegalArgumentException("--batches " + b + " cannot be split over " + sessions + " sessions");
                List<Sample> samples = kanizsaSamples(image, b);
                List<List<Sample>> split = new ArrayList<>();
                for (int k = 0; k < sessions; k++) split.add(samples.subList(k * b / sessions, (k + 1) * b / sessions));
                List<Double> oneMs = new ArrayList<>(), splitMs = new ArrayList<>();
                GpiResult lastOne = null;
                List<GpiResult> lastSplit = new ArrayList<>();
                for (int r = 0; r * round < warmup + steps; r++) {
                    long[] stamps = new long[round + 2];
                    lastOne = one.run(samples, (t, loss) -> stamps[t] = System.nanoTime());
                    long[][] ps = new long[sessions][round + 2];
                    List<java.util.concurrent.Future<GpiResult>> fs = new ArrayList<>();
                    for (int k = 0; k < sessions; k++) {
                        int kk = k;
                        fs.add(pool.submit(() -> parts.get(kk).run(split.get(kk), (t, loss) -> ps[kk][t] = System.nanoTime())));
                    }
                    lastSplit.clear();
                    for (var f : fs) lastSplit.add(f.get());
                    if (r * round < warmup) continue;
                    oneMs.add((stamps[round] - stamps[0]) / 1e6 / round);
                    long start = Arrays.stream(ps).mapToLong(p -> p[0]).max().getAsLong();
                    long end = Arrays.stream(ps).mapToLong(p -> p[round]).max().getAsLong();
                    splitMs.add((end - start) / 1e6 / round);
                }
                int same = 0;
                for (int k = 0, i = 0; k < sessions; k++) {
                    for (var img : lastSplit.get(k).finalImages()) {
                        if (Arrays.equals(img.data(), lastOne.finalImages().get(i++).data())) same++;
                    }
                }
                double o = median(oneMs), s = median(splitMs);
                System.out.printf("%5d | %28.1f | %21.1f | %9.3f | %d of %d%n", b, o, s, s / o, same, b);
            }
        } finally {
            pool.shutdownNow();
            models.forEach(ClassifierModel::close);
        }
        return 0;
    }

    static GpiConfig bare(GpiConfig c) {
        return new GpiConfig(c.objective(), c.steps(), c.stepSize(), c.stepType(), c.projection(), c.eps(), c.diffusionNoise(),
                c.normalization(), List.of(), List.of());
    }

    /**
     * One round: a run of round + 1 iterations; iterations 1..round are timed (each from the end of
     * the previous iteration to its own end, one session run and its host-side work). Iteration 0
     * follows the objective's preparation and the last iteration makes no update, so neither is timed.
     */
    List<Double> javaRound(Gpi gpi, List<Sample> samples) {
        long[] stamps = new long[round + 2];
        gpi.run(samples, (t, loss) -> stamps[t] = System.nanoTime());
        List<Double> ms = new ArrayList<>();
        for (int t = 1; t <= round; t++) ms.add((stamps[t] - stamps[t - 1]) / 1e6);
        return ms;
    }

    /**
     * The bf16 update direction against fp32's at the same points: an fp32 trajectory of batch 1,
     * and at each of its x_t both precisions' direction g/||g|| with the same noise.
     */
    void cosines(String name, ClassifierModel m32, ClassifierModel mlow, illusions.image.RgbImage image) {
        Precision prec = mlow.precision();
        List<Sample> one = List.of(new Sample("kanizsa", image, 0));
        // the reference step, scaled per pixel as the kanizsa protocol does (0.5 at 224 px)
        GpiConfig every = new GpiConfig(GpiConfig.kanizsaReference().objective(), cosineSteps, 0.5f * image.width() / 224f,
                GpiConfig.kanizsaReference().stepType(), GpiConfig.kanizsaReference().projection(), 5f, 0.003f,
                GpiConfig.kanizsaReference().normalization(), java.util.stream.IntStream.rangeClosed(0, cosineSteps).boxed().toList(),
                List.of());
        {
            GpiResult traj = new Gpi(m32, every).run(one, null);
            List<float[]> xs = new ArrayList<>(), noises = new ArrayList<>();
            NoiseSource ns = new NoiseSource(1);
            for (int t = 0; t < cosineSteps; t++) {
                xs.add(traj.snapshot(t, 0).map(Snapshot::image).orElseThrow().data());
                float[] n = new float[xs.get(t).length];
                ns.fill(n, 0, n.length);
                noises.add(n);
            }
            GpiConfig c = bare(every);
            List<Gpi.Probe> a = new Gpi(m32, c).probe(one, xs, noises), b = new Gpi(mlow, c).probe(one, xs, noises);
            System.out.println();
            System.out.printf("%s, %dx%d, the Kanizsa square, fp32 trajectory of %d steps:%n", name, image.width(), image.height(), cosineSteps);
            System.out.println("step | cosine(" + prec.cliName() + " direction, fp32 direction) | max |x_next " + prec.cliName()
                    + " - x_next fp32| | loss fp32 | loss " + prec.cliName());
            double[] cos = new double[cosineSteps];
            for (int t = 0; t < cosineSteps; t++) {
                cos[t] = illusions.metrics.Maps.cosine(a.get(t).direction(), b.get(t).direction());
                float maxDiff = 0;
                for (int i = 0; i < a.get(t).next().length; i++) maxDiff = Math.max(maxDiff, Math.abs(a.get(t).next()[i] - b.get(t).next()[i]));
                System.out.printf("%4d | %.6f | %.3g | %.5f | %.5f%n", t, cos[t], maxDiff, a.get(t).loss()[0], b.get(t).loss()[0]);
            }
            Arrays.sort(cos);
            System.out.printf("cosine over %d steps: min %.6f, median %.6f%n", cosineSteps, cos[0], cos[cosineSteps / 2]);
        }
    }


    /** Batch-1 GPI step with each batch-norm form, in interleaved rounds so that drift hits all alike. */
    int compare(ResNetSpec spec) {
        StateDict w = StateDict.random(spec, 0);
        var image = new KanizsaSquare().render(224).image();
        List<Sample> one = List.of(new Sample("kanizsa", image, 0));
        ResNetGraph.BatchNormMode[] modes = ResNetGraph.BatchNormMode.values();
        List<ClassifierModel> models = new ArrayList<>();
        List<Gpi> engines = new ArrayList<>();
        List<List<Double>> times = new ArrayList<>();
        int perRound = 5, rounds = Math.max(1, steps / perRound);
        try {
            for (ResNetGraph.BatchNormMode m : modes) {
                ClassifierModel cm = ClassifierModel.inMemory(spec, w, null, threads, m);
                models.add(cm);
                engines.add(new Gpi(cm, GpiConfig.kanizsaReference().withSteps(perRound + 1)));
                times.add(new ArrayList<>());
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < modes.length; k++) {
                    long[] st = new long[perRound + 3];
                    engines.get(k).run(one, (t, loss) -> st[t + 1] = System.nanoTime());
                    for (int t = 2; t <= perRound + 1; t++) times.get(k).add((st[t] - st[t - 1]) / 1e6);
                }
            }
            int folded = List.of(modes).indexOf(ResNetGraph.BatchNormMode.FOLDED);
            double ref = median(times.get(folded));
            System.out.println("batch norm   | median ms/step (batch 1) | ratio to FOLDED | n");
            for (int k = 0; k < modes.length; k++) {
                double m = median(times.get(k));
                System.out.printf("%-12s | %24.1f | %15.2f | %d%n", modes[k], m, m / ref, times.get(k).size());
            }
        } finally {
            models.forEach(ClassifierModel::close);
        }
        float[] buf = new float[224 * 224 * 3];
        java.util.Random legacy = new java.util.Random(1);
        illusions.gpi.NoiseSource zig = new illusions.gpi.NoiseSource(1);
        double[] legacyMs = new double[21], zigMs = new double[21];
        for (int r = 0; r < 21; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < buf.length; i++) buf[i] = (float) legacy.nextGaussian();
            long t1 = System.nanoTime();
            zig.fill(buf, 0, buf.length);
            long t2 = System.nanoTime();
            legacyMs[r] = (t1 - t0) / 1e6;
            zigMs[r] = (t2 - t1) / 1e6;
        }
        Arrays.sort(legacyMs);
        Arrays.sort(zigMs);
        System.out.printf("noise for one 224x224x3 image: java.util.Random %.2f ms, SplittableRandom (used) %.2f ms (medians of 21)%n",
                legacyMs[10], zigMs[10]);
        // The host-side work of a batch-1 step besides the noise: x and the noise copied into tensors, x_next
        // copied out. This bounds what keeping x_t in native memory between steps could save.
        double[] copyMs = new double[21];
        float[] x = image.data().clone();
        for (int r = 0; r < 21; r++) {
            long t0 = System.nanoTime();
            try (TFloat32 a = TFloat32.tensorOf(Shape.of(1, 224, 224, 3), DataBuffers.of(x, true, false));
                 TFloat32 b = TFloat32.tensorOf(Shape.of(1, 224, 224, 3), DataBuffers.of(buf, true, false))) {
                x = Tensors.floats(a);
            }
            copyMs[r] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(copyMs);
        System.out.printf("host copies of a batch-1 step (x and noise in, x_next out): %.2f ms (median of 21)%n", copyMs[10]);
        return 0;
    }

    static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        java.util.Collections.sort(s);
        return s.get(s.size() / 2);
    }

    /** VmHWM of this process from /proc (Linux), in MB; -1 elsewhere. */
    static long peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }
}
