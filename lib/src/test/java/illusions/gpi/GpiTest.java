package illusions.gpi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.image.RgbImage;
import illusions.model.Batch;
import illusions.model.BlockType;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class GpiTest {
    static final int SIZE = 32;
    static ClassifierModel model;

    @BeforeAll
    static void tinyModel() {
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 4, 20, SIZE);
        model = ClassifierModel.inMemory(spec, StateDict.random(spec, 11), null, 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static RgbImage image(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[SIZE * SIZE * 3];
        for (int i = 0; i < d.length; i++) d[i] = (float) (0.2 + 0.6 * r.nextDouble());
        return new RgbImage(SIZE, SIZE, d);
    }

    static GpiConfig config(Objective o, int steps, StepType type, Projection p, float eps, float noise) {
        return new GpiConfig(o, steps, 0.5f, type, p, eps, noise, InputNormalization.NONE, GpiConfig.quarters(steps),
                List.of("stem", "layer1"));
    }

    @Test
    void inGraphStepEqualsTheReferenceFormulaComputedInJava() {
        int y = 7;
        float stepSize = 0.5f, eps = 0.05f, noiseRatio = 0.01f;
        RgbImage start = image(1);
        GpiConfig cfg = new GpiConfig(new TargetClass(y), 1, stepSize, StepType.L2, Projection.LINF, eps, noiseRatio,
                InputNormalization.NONE, List.of(0, 1), List.of());
        GpiResult r = new Gpi(model, cfg).run(List.of(new Sample("s", start, 42)), null);

        // Plain Java: g = d log p(y|x)/dx = -dCE/dx; x1 = clamp(clamp(x0 + a g/(|g|+1e-10) + s n - x0, -e, e) + x0, 0, 1)
        float[] g = model.crossEntropyInputGradient(Batch.of(start), new int[] {y}, InputNormalization.NONE).data();
        double norm = 0;
        for (float v : g) norm += (double) -v * -v;
        norm = Math.sqrt(norm);
        float[] n = new float[g.length];
        new NoiseSource(42).fill(n, 0, n.length);
        float[] x0 = start.data();
        float[] expected = new float[g.length];
        for (int i = 0; i < g.length; i++) {
            float x = (float) (x0[i] + stepSize * (-g[i]) / (norm + 1e-10) + noiseRatio * n[i]);
            float d = Math.max(-eps, Math.min(eps, x - x0[i]));
            expected[i] = Math.max(0f, Math.min(1f, x0[i] + d));
        }
        assertArrayEquals(expected, r.finalImages().get(0).data(), 1e-5f);
        // The box really was active: some pixels moved by exactly eps.
        float maxMove = 0;
        for (int i = 0; i < g.length; i++) maxMove = Math.max(maxMove, Math.abs(expected[i] - x0[i]));
        assertEquals(eps, maxMove, 1e-6);
    }

    @Test
    void increaseConfidencePicksTheLeastLikelyClassesAndItsLossIsTheirMeanCrossEntropy() {
        RgbImage start = image(2);
        float[] z = model.forward(Batch.of(start), InputNormalization.NONE, "logits").get("logits").data();
        Integer[] order = new Integer[z.length];
        for (int i = 0; i < z.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Float.compare(z[a], z[b]));
        int k = 20 / 10;
        int[] expected = {order[0], order[1]};
        assertArrayEquals(expected, IncreaseConfidence.leastLikely(z, k));

        GpiResult r = new Gpi(model, config(new IncreaseConfidence(), 0, StepType.L2, Projection.LINF, 5, 0))
                .run(List.of(new Sample("s", start, 1)), null);
        assertEquals(Arrays.toString(expected), r.prepared().get(0));
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) max = Math.max(max, v);
        double lse = 0;
        for (float v : z) lse += Math.exp(v - max);
        lse = max + Math.log(lse);
        double meanCe = 0;
        for (int c : expected) meanCe += (lse - z[c]) / k;
        assertEquals(meanCe, r.records().get(0).loss(), 1e-4);
    }

    @Test
    void everyObjectiveGoesUpWhenAscended() {
        List<Objective> objectives = List.of(new IncreaseConfidence(), new IncreaseConfidence(3,
                IncreaseConfidence.Measure.MSE), new Pgdd("layer3", 0.3f), new Pgdd("all", 0.3f), new TargetClass(4),
                new CompositionalFusion(List.of(4), List.of(9)), new TopClass(), new GradModulation(null));
        for (Objective o : objectives) {
            GpiResult r = new Gpi(model, config(o, 8, StepType.L2, Projection.LINF, 5, 0))
                    .run(List.of(new Sample("s", image(3), 5)), null);
            double first = r.records().get(0).loss();
            double last = r.records().get(r.records().size() - 1).loss();
            assertTrue(last > first, o.describe() + " went from " + first + " to " + last);
        }
    }

    @Test
    void everyObjectiveStartsFromTheCleanImage() {
        // PGDD draws its target from x0 + sigma * noise; that noise must not leak into x0 itself.
        List<Objective> objectives = List.of(new IncreaseConfidence(), new Pgdd("layer3", 0.5f), new Pgdd("all", 0.5f),
                new TargetClass(2), new CompositionalFusion(List.of(1), List.of(2)));
        for (Objective o : objectives) {
            RgbImage start = image(12);
            GpiResult r = new Gpi(model, config(o, 2, StepType.L2, Projection.LINF, 0.01f, 0.001f))
                    .run(List.of(new Sample("s", start, 4)), null);
            assertEquals(start, r.snapshot(0, 0).orElseThrow().image(), o.describe());
            float[] x0 = start.data(), x = r.finalImages().get(0).data();
            for (int i = 0; i < x.length; i++) assertTrue(Math.abs(x[i] - x0[i]) <= 0.01f + 1e-6, o.describe());
        }
    }

    @Test
    void stepTypesAndProjectionsKeepTheirSets() {
        RgbImage start = image(4);
        float[] x0 = start.data();
        for (StepType t : StepType.values()) {
            for (Projection p : Projection.values()) {
                GpiResult r = new Gpi(model, config(new TargetClass(1), 3, t, p, 0.02f, 0.01f))
                        .run(List.of(new Sample("s", start, 9)), null);
                float[] x = r.finalImages().get(0).data();
                double l2 = 0, linf = 0;
                for (int i = 0; i < x.length; i++) {
                    assertTrue(x[i] >= 0f && x[i] <= 1f);
                    l2 += (x[i] - x0[i]) * (x[i] - x0[i]);
                    linf = Math.max(linf, Math.abs(x[i] - x0[i]));
                }
                if (p == Projection.LINF) assertTrue(linf <= 0.02f + 1e-6, t + "/" + p + " linf " + linf);
                if (p == Projection.L2) assertTrue(Math.sqrt(l2) <= 0.02f + 1e-4, t + "/" + p + " l2 " + Math.sqrt(l2));
                if (p == Projection.NONE) assertTrue(linf > 0.02f, t + "/" + p + " moved only " + linf);
            }
        }
    }

    @Test
    void aFixedSeedGivesBitIdenticalTrajectoriesAndAnotherSeedDoesNot() {
        Gpi gpi = new Gpi(model, config(new Pgdd("layer2", 0.2f), 5, StepType.L2, Projection.LINF, 5, 0.01f));
        List<Sample> s = List.of(new Sample("a", image(5), 100), new Sample("b", image(6), 101));
        GpiResult r1 = gpi.run(s, null);
        GpiResult r2 = gpi.run(s, null);
        assertEquals(r1.finalImages(), r2.finalImages());
        for (int i = 0; i < r1.records().size(); i++) {
            assertEquals(r1.records().get(i).loss(), r2.records().get(i).loss());
        }
        GpiResult r3 = gpi.run(List.of(new Sample("a", image(5), 200), new Sample("b", image(6), 101)), null);
        assertFalse(r1.finalImages().get(0).equals(r3.finalImages().get(0)));
        // A sample's trajectory depends on its own seed only, not on the others in the batch.
        assertArrayEquals(r1.finalImages().get(1).data(), r3.finalImages().get(1).data(), 1e-5f);
    }

    @Test
    void recordsSnapshotsAndInducedActivity() {
        GpiResult r = new Gpi(model, config(new IncreaseConfidence(), 4, StepType.L2, Projection.LINF, 5, 0.003f))
                .run(List.of(new Sample("a", image(7), 1), new Sample("b", image(8), 2)), null);
        assertEquals(2 * 5, r.records().size());
        IterationRecord rec = r.records().get(0);
        assertEquals(5, rec.top5().length);
        for (int j = 1; j < 5; j++) assertTrue(rec.top5Prob()[j] <= rec.top5Prob()[j - 1]);
        assertEquals(List.of(0, 1, 2, 3, 4), r.snapshots().stream().map(Snapshot::iteration).distinct().toList());
        Snapshot s0 = r.snapshot(0, 1).orElseThrow();
        assertEquals(image(8), s0.image());
        assertEquals(SIZE * SIZE, s0.gradientMagnitude().length);
        assertArrayEquals(new long[] {16, 16, 4}, s0.activations().get("stem").shape());
        float[] none = r.inducedActivity("stem", 0, 0);
        for (float v : none) assertEquals(0f, v);
        float[] induced = r.inducedActivity("layer1", 4, 0);
        assertEquals(8 * 8, induced.length);
        assertTrue(Arrays.stream(box(induced)).anyMatch(v -> v != 0f));
    }

    private static Float[] box(float[] a) {
        Float[] b = new Float[a.length];
        for (int i = 0; i < a.length; i++) b[i] = a[i];
        return b;
    }

    @Test
    void theShortcutsChangeNoBit() {
        // Without dataset normalization the engine feeds x past the graph's (x - 0) / 1 and leaves out the
        // multiplications by an all-ones modulation; with the shortcuts off it runs the graph as built.
        assertNotNull(model.exactNormalizedInput());
        GpiConfig cfg = config(new IncreaseConfidence(), 6, StepType.L2, Projection.LINF, 0.1f, 0.01f);
        List<Sample> samples = List.of(new Sample("a", image(1), 3), new Sample("b", image(2), 4));
        GpiResult fast = new Gpi(model, cfg).run(samples, null);
        GpiResult plain = new Gpi(model, cfg, false).run(samples, null);
        for (int i = 0; i < samples.size(); i++) {
            assertArrayEquals(plain.finalImages().get(i).data(), fast.finalImages().get(i).data(), 0f);
        }
        for (int k = 0; k < plain.records().size(); k++) {
            assertEquals(plain.records().get(k).loss(), fast.records().get(k).loss(), 0.0);
            assertEquals(plain.records().get(k).gradNorm(), fast.records().get(k).gradNorm(), 0.0);
        }
        for (int k = 0; k < plain.snapshots().size(); k++) {
            assertArrayEquals(plain.snapshots().get(k).gradientMagnitude(), fast.snapshots().get(k).gradientMagnitude(), 0f);
            assertArrayEquals(plain.snapshots().get(k).activations().get("layer1").data(),
                    fast.snapshots().get(k).activations().get("layer1").data(), 0f);
        }
    }

    @Test
    void badParametersAreRefusedWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> config(new IncreaseConfidence(), -1, StepType.L2, Projection.LINF, 5, 0));
        assertTrue(e.getMessage().contains("--steps"));
        e = assertThrows(IllegalArgumentException.class,
                () -> config(new IncreaseConfidence(), 5, StepType.L2, Projection.LINF, -1, 0));
        assertTrue(e.getMessage().contains("--eps"));
        e = assertThrows(IllegalArgumentException.class,
                () -> config(new IncreaseConfidence(), 5, StepType.L2, Projection.LINF, 5, Float.NaN));
        assertTrue(e.getMessage().contains("--noise"));
        e = assertThrows(IllegalArgumentException.class, () -> new Gpi(model,
                config(new Pgdd("layer9", 0.1f), 1, StepType.L2, Projection.LINF, 5, 0)));
        assertTrue(e.getMessage().contains("layer9") && e.getMessage().contains("layer3"));
    }

    @Test
    void aNonFiniteValueStopsTheRunNamingIterationAndSample() {
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 4, 20, SIZE);
        java.util.Map<String, illusions.model.TensorValue> w = new java.util.LinkedHashMap<>(
                StateDict.random(spec, 11).tensors());
        float[] bias = w.get("fc.bias").data();
        bias[3] = Float.NaN; // a corrupt weight: every logit-based loss becomes NaN
        w.put("fc.bias", new illusions.model.TensorValue(new long[] {20}, bias));
        try (ClassifierModel broken = ClassifierModel.inMemory(spec, new StateDict(w), null, 1)) {
            GpiConfig cfg = config(new TargetClass(1), 3, StepType.L2, Projection.LINF, 5, 0);
            var e = assertThrows(NonFiniteValueException.class,
                    () -> new Gpi(broken, cfg).run(List.of(new Sample("kanizsa", image(9), 3)), null));
            assertTrue(e.getMessage().contains("iteration 0") && e.getMessage().contains("kanizsa"), e.getMessage());
        }
    }

    @Test
    void gradModulationStartsFromNoiseInsideTheMaskAndNeverChangesOutsideIt() {
        float[] mask = new float[SIZE * SIZE];
        for (int y = 8; y < 20; y++) for (int x = 10; x < 26; x++) mask[y * SIZE + x] = 1f;
        RgbImage start = image(21);
        Sample s = Sample.modulated("masked", start, 3, mask);
        GpiResult r = new Gpi(model, config(new GradModulation(null), 10, StepType.L2, Projection.LINF, 5, 0.02f))
                .run(List.of(s, new Sample("whole", start, 3)), null);
        float[] x0 = start.data(), begin = r.snapshot(0, 0).orElseThrow().image().data(), end = r.finalImages().get(0).data();
        double insideChange = 0;
        int inside = 0;
        for (int p = 0; p < mask.length; p++) {
            for (int c = 0; c < 3; c++) {
                if (mask[p] == 0) {
                    assertEquals(x0[3 * p + c], begin[3 * p + c], "outside the mask the start is the image");
                    assertEquals(x0[3 * p + c], end[3 * p + c], "outside the mask nothing moves");
                } else {
                    insideChange += Math.abs(end[3 * p + c] - begin[3 * p + c]);
                    inside++;
                }
            }
        }
        assertTrue(insideChange / inside > 1e-3, "inside the mask the image is updated");
        assertNotEquals(start, r.snapshot(0, 0).orElseThrow().image(), "the masked region starts from noise");
        // The same image without a mask is updated everywhere: the mask, not the loss, confines the update.
        float[] whole = r.finalImages().get(1).data();
        assertTrue(java.util.stream.IntStream.range(0, mask.length).anyMatch(p -> mask[p] == 0 && whole[3 * p] != x0[3 * p]));
        assertThrows(IllegalArgumentException.class, () -> Sample.modulated("bad", start, 1, new float[5]));
    }

    @Test
    void topClassAscendsTheClassSeenAtTheStart() {
        RgbImage start = image(33);
        float[] z = model.forward(illusions.model.Batch.of(start), InputNormalization.NONE, "logits").get("logits").data();
        int top = 0;
        for (int c = 1; c < z.length; c++) if (z[c] > z[top]) top = c;
        GpiResult r = new Gpi(model, config(new TopClass(), 3, StepType.L2, Projection.LINF, 5, 0))
                .run(List.of(new Sample("s", start, 1)), null);
        assertEquals("[" + top + "]", r.prepared().get(0));
    }
}
