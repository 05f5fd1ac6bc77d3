package illusions.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResNetModelTest {

    static Batch randomBatch(int n, int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[n * size * size * 3];
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextDouble();
        return new Batch(n, size, size, d);
    }

    @ParameterizedTest
    @ValueSource(ints = {18, 34, 50, 101, 152})
    void outputShapesForEveryDepth(int depth) {
        ResNetSpec spec = ResNetSpec.resnet(depth, 4, 7, 64);
        try (ClassifierModel m = ClassifierModel.inMemory(spec, StateDict.random(spec, 1), null, 2)) {
            Map<String, TensorValue> out = m.forward(randomBatch(2, 64, 2), InputNormalization.NONE,
                    "stem", "layer1", "layer2", "layer3", "layer4", "features", "logits");
            int e = spec.blockType().expansion;
            assertArrayEquals(new long[] {2, 32, 32, 4}, out.get("stem").shape());
            assertArrayEquals(new long[] {2, 16, 16, 4 * e}, out.get("layer1").shape());
            assertArrayEquals(new long[] {2, 8, 8, 8 * e}, out.get("layer2").shape());
            assertArrayEquals(new long[] {2, 4, 4, 16 * e}, out.get("layer3").shape());
            assertArrayEquals(new long[] {2, 2, 2, 32 * e}, out.get("layer4").shape());
            assertArrayEquals(new long[] {2, 32 * e}, out.get("features").shape());
            assertArrayEquals(new long[] {2, 7}, out.get("logits").shape());
            for (float v : out.get("logits").data()) assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void foldedFusedAndScaleShiftBatchNormComputeTheSameFunction() {
        ResNetSpec spec = new ResNetSpec(java.util.List.of(1, 1, 1, 1), BlockType.BOTTLENECK, 4, 5, 32);
        StateDict w = StateDict.random(spec, 8);
        Batch x = randomBatch(2, 32, 3);
        java.util.List<float[]> logits = new java.util.ArrayList<>();
        java.util.List<float[]> grads = new java.util.ArrayList<>();
        for (ResNetGraph.BatchNormMode mode : ResNetGraph.BatchNormMode.values()) {
            try (ClassifierModel m = ClassifierModel.inMemory(spec, w, null, 1, mode)) {
                logits.add(m.forward(x, InputNormalization.NONE, "logits").get("logits").data());
                grads.add(m.crossEntropyInputGradient(x, new int[] {1, 4}, InputNormalization.NONE).data());
            }
        }
        for (int k = 1; k < logits.size(); k++) {
            assertArrayEquals(logits.get(0), logits.get(k), 1e-4f);
            assertArrayEquals(grads.get(0), grads.get(k), 1e-5f);
        }
        assertFalse(java.util.Arrays.equals(logits.get(0), new float[logits.get(0).length]));
    }

    @Test
    void parameterCountOfResNet50MatchesTorchvision() {
        long n = ResNetSpec.resnet50Imagenet().parameterShapes().entrySet().stream()
                .filter(e -> !e.getKey().contains("running_"))
                .mapToLong(e -> java.util.Arrays.stream(e.getValue()).reduce(1, (a, b) -> a * b)).sum();
        assertEquals(25_557_032L, n); // torchvision.models.resnet50().parameters()
    }

    @Test
    void inputGradientAgreesWithFiniteDifferences() {
        ResNetSpec spec = new ResNetSpec(java.util.List.of(1, 1, 1, 1), BlockType.BOTTLENECK, 4, 5, 32);
        try (ClassifierModel m = ClassifierModel.inMemory(spec, StateDict.random(spec, 3), null, 1)) {
            Batch x = randomBatch(1, 32, 4);
            int[] label = {2};
            float[] g = m.crossEntropyInputGradient(x, label, InputNormalization.NONE).data();
            // Directional derivative along the normalized gradient, by central differences in double-checked float.
            double norm = 0;
            for (float v : g) norm += v * v;
            norm = Math.sqrt(norm);
            double h = 1e-2;
            float[] plus = x.data().clone();
            float[] minus = x.data().clone();
            for (int i = 0; i < g.length; i++) {
                plus[i] += (float) (h * g[i] / norm);
                minus[i] -= (float) (h * g[i] / norm);
            }
            double fd = (ce(m, new Batch(1, 32, 32, plus), 2) - ce(m, new Batch(1, 32, 32, minus), 2)) / (2 * h);
            assertEquals(norm, fd, 2e-2 * norm, "directional derivative along the gradient equals its norm");
            // And along a random direction.
            SplittableRandom r = new SplittableRandom(9);
            float[] dir = new float[g.length];
            double dn = 0, dot = 0;
            for (int i = 0; i < dir.length; i++) { dir[i] = (float) (r.nextDouble() - 0.5); dn += dir[i] * dir[i]; }
            dn = Math.sqrt(dn);
            for (int i = 0; i < dir.length; i++) { dir[i] /= dn; dot += dir[i] * g[i]; }
            float[] p2 = x.data().clone();
            float[] m2 = x.data().clone();
            for (int i = 0; i < dir.length; i++) { p2[i] += (float) (h * dir[i]); m2[i] -= (float) (h * dir[i]); }
            double fd2 = (ce(m, new Batch(1, 32, 32, p2), 2) - ce(m, new Batch(1, 32, 32, m2), 2)) / (2 * h);
            assertEquals(dot, fd2, 0.05 * norm * 0.1 + 1e-4);
        }
    }

    static double ce(ClassifierModel m, Batch b, int label) {
        float[] z = m.forward(b, InputNormalization.NONE, "logits").get("logits").data();
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) max = Math.max(max, v);
        double s = 0;
        for (float v : z) s += Math.exp(v - max);
        return -(z[label] - max - Math.log(s));
    }

    @Test
    void exportThenLoadGivesIdenticalLogitsAndGradients(@TempDir Path tmp) throws Exception {
        ResNetSpec spec = new ResNetSpec(java.util.List.of(1, 2, 1, 1), BlockType.BASIC, 8, 6, 48);
        StateDict w = StateDict.random(spec, 5);
        ModelCard card = ModelCard.of(spec, java.util.List.of("a", "b", "c", "d", "e", "f"),
                ModelCard.Normalization.IMAGENET, Map.of("source", "test"));
        Path dir = tmp.resolve("m");
        ModelExporter.export(spec, w, card, dir);
        assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
        assertTrue(Files.isRegularFile(dir.resolve("model.json")));
        assertFalse(hasPartial(tmp), "no temporary directory left behind");
        Batch x = randomBatch(3, 48, 6);
        int[] labels = {0, 3, 5};
        try (ClassifierModel a = ClassifierModel.inMemory(spec, w, card, 1);
             ClassifierModel b = ModelLoader.load(dir, 1)) {
            assertEquals(card.classNames(), b.card().classNames());
            assertEquals(spec, b.card().spec());
            for (InputNormalization n : InputNormalization.values()) {
                assertArrayEquals(a.forward(x, n, "logits").get("logits").data(),
                        b.forward(x, n, "logits").get("logits").data());
                assertArrayEquals(a.crossEntropyInputGradient(x, labels, n).data(),
                        b.crossEntropyInputGradient(x, labels, n).data());
            }
            // Dataset normalization really changes what the network sees.
            assertFalse(java.util.Arrays.equals(b.forward(x, InputNormalization.NONE, "logits").get("logits").data(),
                    b.forward(x, InputNormalization.DATASET, "logits").get("logits").data()));
            assertEquals(64, b.sourceHash().length());
        }
    }

    /** True if a temporary (partial) export is left in {@code dir}. */
    static boolean hasPartial(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.anyMatch(p -> p.getFileName().toString().contains("partial"));
        }
    }
}
