///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * How fast is one GPI step? A random-weight ResNet50 at 224x224 (fp32), the reference Kanizsa
 * update (IncreaseConfidence CE, L2 step, eps box, noise), batch 1 and batch 8, timed per step
 * after warm-up; the median and quartiles are printed, with the process's peak resident memory
 * (VmHWM: Java heap plus TensorFlow's native memory) after the batch-1 runs and at the end.
 * Target on a 2-core machine: <= 130 ms per batch-1 step, <= 1 GB peak at batch 1.
 *
 *   ./jbang bench                 (about a minute)
 *   ./jbang bench --steps 40 --batches 1,8 --threads 2
 *   ./jbang bench --compare       the design choices side by side: batch norm folded / fused /
 *                                 scale-shift (interleaved rounds, batch 1), and the noise generators
 */

import illusions.gpi.Gpi;
import illusions.gpi.GpiConfig;
import illusions.gpi.Sample;
import illusions.model.ClassifierModel;
import illusions.model.ResNetGraph;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import illusions.run.Scripts;
import illusions.stimuli.KanizsaSquare;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.tensorflow.TensorFlow;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Milliseconds per GPI step on a ResNet50 at 224x224.")
class bench implements Callable<Integer> {
    @Option(names = "--steps", description = "timed steps per batch size (default: ${DEFAULT-VALUE})") int steps = 30;
    @Option(names = "--warmup", description = "untimed steps first (default: ${DEFAULT-VALUE})") int warmup = 5;
    @Option(names = "--batches", split = ",", description = "batch sizes (default: 1,8)") List<Integer> batches = List.of(1, 8);
    @Option(names = "--depth", description = "ResNet depth (default: ${DEFAULT-VALUE})") int depth = 50;
    @Option(names = "--threads", description = "TensorFlow intra-op threads (default: all cores)") int threads = Runtime.getRuntime().availableProcessors();
    @Option(names = "--compare", description = "time the batch-norm forms and noise generators side by side instead") boolean compare;

    public static void main(String[] args) {
        Scripts.main(new bench(), args);
    }

    @Override
    public Integer call() throws Exception {
        ResNetSpec spec = ResNetSpec.resnet(depth, 64, 1000, 224);
        System.out.printf("%s, random weights, 224x224 fp32, %d threads, TensorFlow %s, Java %s%n", spec.name(), threads,
                TensorFlow.version(), System.getProperty("java.version"));
        if (compare) return compare(spec);
        try (ClassifierModel model = ClassifierModel.inMemory(spec, StateDict.random(spec, 0), null, threads)) {
            Gpi gpi = new Gpi(model, GpiConfig.kanizsaReference().withSteps(warmup + steps));
            var image = new KanizsaSquare().render(224).image();
            System.out.println("batch | median ms/step | q1 | q3 | ms/step/image | peak RSS after (MB)");
            for (int b : batches) {
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < b; i++) samples.add(new Sample("kanizsa", image, i));
                long[] stamps = new long[warmup + steps + 2];
                gpi.run(samples, (t, loss) -> stamps[t + 1] = System.nanoTime());
                // Step t's time: from the end of iteration t-1 to the end of iteration t (one session run each).
                double[] ms = new double[steps];
                for (int i = 0; i < steps; i++) {
                    int t = warmup + i + 1;
                    ms[i] = (stamps[t + 1] - stamps[t]) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf("%5d | %14.1f | %.1f | %.1f | %13.1f | %d%n", b, ms[steps / 2], ms[steps / 4],
                        ms[3 * steps / 4], ms[steps / 2] / b, peakRssMb());
            }
        }
        return 0;
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
