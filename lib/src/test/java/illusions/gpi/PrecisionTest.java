package illusions.gpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.image.RgbImage;
import illusions.model.BlockType;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import illusions.model.OptimizedGraph;
import illusions.model.Precision;
import illusions.model.PrecisionCheck;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** --precision bf16: the oneDNN bfloat16 rewriter really rewrites the GPI step, and its direction stays close to fp32's. */
class PrecisionTest {
    static final int SIZE = 64;
    static ClassifierModel fp32;
    static ClassifierModel bf16;

    @BeforeAll
    static void models() {
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 16, 20, SIZE);
        StateDict w = StateDict.random(spec, 5);
        fp32 = ClassifierModel.inMemory(spec, w, null, 1, Precision.FP32);
        bf16 = ClassifierModel.inMemory(spec, w, null, 1, Precision.BF16);
    }

    @AfterAll
    static void close() {
        fp32.close();
        bf16.close();
    }

    static void assumeBf16Cpu() {
        String s = Precision.cpuBf16Support();
        Assumptions.assumeTrue(s.contains("bf16") || s.startsWith("emulated"), "this CPU has no bf16 path: " + s);
    }

    static RgbImage image(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[SIZE * SIZE * 3];
        for (int i = 0; i < d.length; i++) d[i] = (float) (0.2 + 0.6 * r.nextDouble());
        return new RgbImage(SIZE, SIZE, d);
    }

    static GpiConfig config(int steps) {
        return new GpiConfig(new IncreaseConfidence(), steps, 0.5f, StepType.L2, Projection.LINF, 5f, 0.003f,
                InputNormalization.NONE, List.of(), List.of());
    }

    @Test
    void precisionIsParsedAndABadOneIsRefusedNamingTheOption() {
        assertEquals(Precision.FP32, Precision.parse("fp32"));
        assertEquals(Precision.BF16, Precision.parse("BF16"));
        assertEquals(Precision.BF16, Precision.parse("bfloat16"));
        assertEquals("bf16", Precision.BF16.cliName());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertTrue(e.getMessage().contains("--precision") && e.getMessage().contains("fp32 or bf16"), e.getMessage());
    }

    @Test
    void fp32SessionConfigIsTheOneUsedBeforePrecisionsExistedAndBf16AddsOnlyTheRewriter() {
        var plain = org.tensorflow.proto.ConfigProto.newBuilder().setIntraOpParallelismThreads(2)
                .setInterOpParallelismThreads(1).build();
        assertEquals(plain, Precision.FP32.sessionConfig(2, 1));
        assertEquals(plain, ClassifierModel.sessionConfig(2));
        var b = Precision.BF16.sessionConfig(2, 1);
        assertEquals(org.tensorflow.proto.RewriterConfig.Toggle.ON,
                b.getGraphOptions().getRewriteOptions().getAutoMixedPrecisionOnednnBfloat16());
        assertEquals(plain, b.toBuilder().clearGraphOptions().build());
        assertEquals(Precision.BF16, bf16.precision());
        assertThrows(IllegalArgumentException.class, () -> Precision.FP32.sessionConfig(0, 1));
    }

    @Test
    void theBf16RewriterTurnsTheConvolutionsOfTheStepIntoBfloat16AndFp32HasNone() {
        assumeBf16Cpu();
        List<Sample> s = List.of(new Sample("a", image(1), 0));
        OptimizedGraph g32 = new Gpi(fp32, config(1)).optimizedGraph(s);
        OptimizedGraph g16 = new Gpi(bf16, config(1)).optimizedGraph(s);
        assertEquals(0, g32.bf16Nodes(), g32.describe());
        // forward convolutions and the input-gradient convolutions of the backward pass
        assertTrue(g16.bf16Matching("Conv2D") >= 10, g16.describe() + " " + g16.bf16ByOp());
        assertTrue(g16.bf16Matching("Conv2DBackpropInput") >= 5, g16.describe() + " " + g16.bf16ByOp());
        assertTrue(g16.devices().stream().allMatch(d -> d.contains("CPU")), g16.devices().toString());
    }

    @Test
    void thePrecisionCheckPassesAModelAgainstItselfAndCatchesOneThatComputesSomethingElse() {
        PrecisionCheck same = PrecisionCheck.compare(fp32, fp32);
        assertEquals(0.0, same.logitRelError());
        assertEquals(1.0, same.gradientCosine(), 1e-9);
        assertTrue(same.agrees(), same.describe());
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 16, 20, SIZE);
        try (ClassifierModel other = ClassifierModel.inMemory(spec, StateDict.random(spec, 6), null, 1, Precision.FP32)) {
            PrecisionCheck wrong = PrecisionCheck.compare(fp32, other);
            assertFalse(wrong.agrees(), wrong.describe());
        }
        assertFalse(new PrecisionCheck(Double.NaN, 1.0).agrees());
        assertFalse(new PrecisionCheck(0.0, Double.NaN).agrees());
    }

    /** On a CPU whose bf16 kernels are wrong the loader refuses bf16 naming the fix; where they are right it loads. */
    @Test
    void aBf16LoadIsRefusedExactlyWhenThisCpusBf16DisagreesWithFp32(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assumeBf16Cpu();
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 16, 20, SIZE);
        illusions.model.ModelExporter.export(spec, StateDict.random(spec, 5),
                illusions.model.ModelCard.of(spec, null, null, java.util.Map.of("source", "test")), dir.resolve("m"));
        PrecisionCheck c = PrecisionCheck.compare(fp32, bf16);
        System.out.println("PrecisionTest: bf16 on this CPU (" + Precision.cpuBf16Support() + "): " + c.describe());
        if (c.agrees()) {
            try (ClassifierModel m = illusions.model.ModelLoader.load(dir.resolve("m"), 1, Precision.BF16)) {
                assertEquals(Precision.BF16, m.precision());
            }
        } else {
            var e = assertThrows(illusions.model.ModelLoadException.class,
                    () -> illusions.model.ModelLoader.load(dir.resolve("m"), 1, Precision.BF16));
            assertTrue(e.getMessage().contains("--precision fp32") && e.getMessage().contains("gradient cosine"), e.getMessage());
        }
    }

    @Test
    void aBf16StepRunsAndItsUpdateDirectionIsCloseToFp32sButNotIdentical() {
        assumeBf16Cpu();
        PrecisionCheck c = PrecisionCheck.compare(fp32, bf16);
        Assumptions.assumeTrue(c.agrees(), "this CPU's bf16 kernels disagree with fp32 (the loader refuses them): " + c.describe());
        List<Sample> samples = List.of(new Sample("a", image(1), 0), new Sample("b", image(2), 1));
        int steps = 6;
        Gpi e32 = new Gpi(fp32, config(steps));
        Gpi e16 = new Gpi(bf16, config(steps));
        // The fp32 trajectory's points; both precisions evaluated at each, with the same noise.
        GpiConfig every = new GpiConfig(new IncreaseConfidence(), steps, 0.5f, StepType.L2, Projection.LINF, 5f, 0.003f,
                InputNormalization.NONE, java.util.stream.IntStream.rangeClosed(0, steps).boxed().toList(), List.of());
        GpiResult traj = new Gpi(fp32, every).run(samples, null);
        List<float[]> xs = new ArrayList<>(), noises = new ArrayList<>();
        NoiseSource ns = new NoiseSource(99);
        for (int t = 0; t < steps; t++) {
            int per = SIZE * SIZE * 3;
            float[] x = new float[2 * per];
            for (Snapshot sn : traj.snapshots()) {
                if (sn.iteration() == t) System.arraycopy(sn.image().data(), 0, x, sn.sample() * per, per);
            }
            float[] n = new float[x.length];
            ns.fill(n, 0, n.length);
            xs.add(x);
            noises.add(n);
        }
        List<Gpi.Probe> p32 = e32.probe(samples, xs, noises), p16 = e16.probe(samples, xs, noises);
        double worst = 1;
        boolean differs = false;
        for (int t = 0; t < steps; t++) {
            float[] a = p32.get(t).direction(), b = p16.get(t).direction();
            worst = Math.min(worst, illusions.metrics.Maps.cosine(a, b));
            for (int i = 0; i < a.length && !differs; i++) differs = a[i] != b[i];
            for (float v : p16.get(t).next()) assertTrue(v >= 0f && v <= 1f && Float.isFinite(v));
        }
        assertTrue(differs, "bf16 gave bit-identical directions: the rewriter did not change the arithmetic");
        assertTrue(worst > 0.9, "cosine between the bf16 and fp32 directions fell to " + worst);
        System.out.printf("PrecisionTest: worst per-step cosine bf16 vs fp32 over %d steps: %.5f%n", steps, worst);

        // A whole bf16 run works and stays in [0,1].
        GpiResult r = e16.run(samples, null);
        for (RgbImage f : r.finalImages()) for (float v : f.data()) assertTrue(v >= 0f && v <= 1f);
        assertFalse(r.records().isEmpty());
    }

    @Test
    void cpuBf16SupportReadsTheFlags(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("cpuinfo");
        java.nio.file.Files.writeString(f, "processor : 0\nflags : fpu sse2 avx2 avx512f avx512_bf16\n");
        assertEquals("avx512_bf16", Precision.cpuBf16SupportOf(f));
        java.nio.file.Files.writeString(f, "flags : fpu avx512f amx_tile amx_bf16 avx512_bf16\n");
        assertEquals("amx_bf16", Precision.cpuBf16SupportOf(f));
        java.nio.file.Files.writeString(f, "flags : fpu avx2 avx512f\n");
        assertTrue(Precision.cpuBf16SupportOf(f).startsWith("emulated"));
        java.nio.file.Files.writeString(f, "flags : fpu avx2\n");
        assertTrue(Precision.cpuBf16SupportOf(f).startsWith("none"));
        assertEquals("unknown", Precision.cpuBf16SupportOf(dir.resolve("absent")));
    }
}
