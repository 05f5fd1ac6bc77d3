package illusions.model;

import illusions.image.RgbImage;
import java.util.SplittableRandom;

/**
 * Whether a model computing in a lower precision (bf16) still computes what float32 computes, on
 * this CPU: the logits and the cross-entropy input gradient of two fixed probe images, each model
 * on the same weights. bfloat16 keeps about three significant digits, so the logits move by a few
 * percent and the gradient direction by a few degrees; a broken kernel moves them by orders of
 * magnitude. On a 2-core AMD EPYC with {@code avx512_bf16} (2026-12-06) TensorFlow 2.x's oneDNN
 * bf16 path gave losses of 1e12 and NaN on a random ResNet, while the Intel Xeon with
 * {@code amx_bf16} of earlier sessions agreed within these bounds, so the loader checks every bf16
 * model rather than trusting the CPU flags.
 *
 * @param logitRelError   max |logit difference| over the max |fp32 logit| (NaN if any value is not finite)
 * @param gradientCosine  cosine of the two input gradients (NaN if any value is not finite)
 */
public record PrecisionCheck(double logitRelError, double gradientCosine) {
    /** Bounds fixed before the check was measured anywhere: far outside bf16 rounding, far inside a broken kernel. */
    public static final double MAX_LOGIT_REL_ERROR = 0.1;
    public static final double MIN_GRADIENT_COSINE = 0.9;

    /** Compares {@code candidate} against {@code reference} (fp32, same weights) on two seeded probe images. */
    public static PrecisionCheck compare(ClassifierModel reference, ClassifierModel candidate) {
        int size = reference.inputSize();
        if (candidate.inputSize() != size || candidate.numClasses() != reference.numClasses()) {
            throw new IllegalArgumentException("the two models differ in input size or classes");
        }
        Batch probe = Batch.of(probeImage(size, 1), probeImage(size, 2));
        int[] labels = {0, 1 % reference.numClasses()};
        float[] l32 = reference.forward(probe, InputNormalization.NONE, ResNetGraph.LOGITS).get(ResNetGraph.LOGITS).data();
        float[] llow = candidate.forward(probe, InputNormalization.NONE, ResNetGraph.LOGITS).get(ResNetGraph.LOGITS).data();
        float[] g32 = reference.crossEntropyInputGradient(probe, labels, InputNormalization.NONE).data();
        float[] glow = candidate.crossEntropyInputGradient(probe, labels, InputNormalization.NONE).data();
        if (!finite(l32) || !finite(g32)) {
            throw new IllegalStateException("the float32 reference itself gave non-finite logits or gradients");
        }
        double rel = Double.NaN, cos = Double.NaN;
        if (finite(llow)) {
            double maxDiff = 0, maxRef = 0;
            for (int i = 0; i < l32.length; i++) {
                maxDiff = Math.max(maxDiff, Math.abs(l32[i] - llow[i]));
                maxRef = Math.max(maxRef, Math.abs(l32[i]));
            }
            rel = maxDiff / Math.max(maxRef, 1e-6);
        }
        if (finite(glow)) cos = illusions.metrics.Maps.cosine(g32, glow);
        return new PrecisionCheck(rel, cos);
    }

    /** Whether both figures are finite and within the bounds. */
    public boolean agrees() {
        return logitRelError <= MAX_LOGIT_REL_ERROR && gradientCosine >= MIN_GRADIENT_COSINE;
    }

    /** One line: the figures and the bounds. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "logits off by %.3g of their range (at most %.2g allowed), gradient cosine %.3f (at least %.2f needed)",
                logitRelError, MAX_LOGIT_REL_ERROR, gradientCosine, MIN_GRADIENT_COSINE);
    }

    static RgbImage probeImage(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[size * size * 3];
        for (int i = 0; i < d.length; i++) d[i] = (float) (0.2 + 0.6 * r.nextDouble());
        return new RgbImage(size, size, d);
    }

    private static boolean finite(float[] a) {
        for (float v : a) if (!Float.isFinite(v)) return false;
        return true;
    }
}
