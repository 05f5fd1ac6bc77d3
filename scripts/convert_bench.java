///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import illusions.checkpoint.CheckpointConverter;
import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.ModelLoader;
import illusions.model.TensorValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark (not CI): converts one full-size checkpoint, prints the conversion time and the
 * process's peak resident memory (VmHWM, Java heap plus TensorFlow's native memory) right after
 * the conversion, then loads the result and compares it with PyTorch's reference outputs.
 * See scripts/convert_bench.sh, which makes the checkpoints and runs this once per file.
 */
@Command(name = "convert_bench", mixinStandardHelpOptions = true)
public class convert_bench implements Callable<Integer> {
    @Option(names = "--checkpoint", required = true) Path checkpoint;
    @Option(names = "--reference", required = true, description = "reference dir (index.json + .bin) of the model") Path reference;
    @Option(names = "--arch", defaultValue = "resnet50") String arch;

    public Integer call() throws Exception {
        Path work = Files.createTempDirectory("convert_bench");
        Path out = work.resolve("model");
        try {
            long t0 = System.nanoTime();
            CheckpointConverter.Result r = CheckpointConverter.convert(new CheckpointConverter.Request(
                    checkpoint, out, arch, null, null, null, 224));
            double secs = (System.nanoTime() - t0) / 1e9;
            long hwm = procStatusKb("VmHWM");
            System.out.printf("%s: %.1f MB %s -> %s in %.2f s (read+check+hash %.2f s, export %.2f s); peak RSS %.0f MB%n",
                    checkpoint.getFileName(), Files.size(checkpoint) / 1e6, r.checkpoint().format(), r.checkpoint().spec().name(),
                    secs, r.readMillis() / 1e3, r.exportMillis() / 1e3, hwm / 1024.0);
            JsonNode idx = new ObjectMapper().readTree(reference.resolve("index.json").toFile());
            TensorValue in = array(idx, "input");
            int n = (int) in.shape()[0], size = (int) in.shape()[1];
            Batch x = new Batch(n, size, size, in.data());
            int[] labels = new ObjectMapper().convertValue(idx.get("labels"), int[].class);
            boolean ok = true;
            try (ClassifierModel m = ModelLoader.load(out, 2)) {
                var o = m.forward(x, InputNormalization.NONE, "logits", "layer1");
                ok &= report("logits", rel(array(idx, "logits"), o.get("logits")), 1e-4);
                ok &= report("layer1", rel(array(idx, "layer1"), o.get("layer1")), 1e-4);
                ok &= reportCos("grad", cos(array(idx, "grad"), m.crossEntropyInputGradient(x, labels, InputNormalization.NONE)));
                var o2 = m.forward(x, InputNormalization.DATASET, "logits");
                ok &= report("logits_normalized", rel(array(idx, "logits_normalized"), o2.get("logits")), 1e-4);
                ok &= reportCos("grad_normalized", cos(array(idx, "grad_normalized"),
                        m.crossEntropyInputGradient(x, labels, InputNormalization.DATASET)));
            }
            System.out.println(ok ? "  EQUAL to PyTorch within tolerance" : "  NOT EQUAL");
            return ok ? 0 : 1;
        } finally {
            try (Stream<Path> w = Files.walk(work)) {
                w.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static boolean report(String what, double rel, double tol) {
        System.out.printf("  %-18s max error / scale = %.2e (limit %.0e)%n", what, rel, tol);
        return rel <= tol;
    }

    static boolean reportCos(String what, double c) {
        System.out.printf("  %-18s cosine = %.7f (limit 0.9999)%n", what, c);
        return c >= 0.9999;
    }

    static double rel(TensorValue a, TensorValue b) {
        double s = 0, e = 0;
        for (int i = 0; i < a.data().length; i++) {
            s = Math.max(s, Math.abs(a.data()[i]));
            e = Math.max(e, Math.abs(a.data()[i] - b.data()[i]));
        }
        return e / s;
    }

    static double cos(TensorValue a, TensorValue b) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.data().length; i++) {
            ab += (double) a.data()[i] * b.data()[i];
            aa += (double) a.data()[i] * a.data()[i];
            bb += (double) b.data()[i] * b.data()[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    TensorValue array(JsonNode idx, String name) throws Exception {
        JsonNode sh = idx.get("arrays").get(name);
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) shape[i] = sh.get(i).asLong();
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(reference.resolve(name + ".bin"))).order(ByteOrder.LITTLE_ENDIAN);
        float[] d = new float[b.remaining() / 4];
        b.asFloatBuffer().get(d);
        return new TensorValue(shape, d);
    }

    static long procStatusKb(String field) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (l.startsWith(field + ":")) return Long.parseLong(l.replaceAll("\\D+", ""));
        }
        return -1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new convert_bench()).execute(args));
    }
}
