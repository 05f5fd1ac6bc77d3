package illusions.gpi;

import illusions.image.RgbImage;
import illusions.model.Batch;
import illusions.model.ClassifierModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.op.Ops;

/**
 * The reference's GradModulation loss (occlusion filling): the samples carry a mask m
 * ({@link Sample#modulated}); GPI starts from x_0 (1 - m) + m N(0, I) and multiplies the step and
 * the noise by m, so only the masked region is filled from the network's prior. The loss is
 * IncreaseConfidence's cross-entropy to the k least likely classes, where "least likely" is read
 * from the average softmax over the four half-size corner crops of the start image, each resized to
 * full size (so a region the mask blanks out does not decide the classes alone).
 */
public final class GradModulation implements Objective {
    private final Integer k;

    /** @param k number of least likely classes, or null for classes/10 */
    public GradModulation(Integer k) {
        if (k != null && k < 1) throw new IllegalArgumentException("--k must be at least 1, got " + k);
        this.k = k;
    }

    @Override
    public String describe() {
        return "GradModulation(k=" + (k == null ? "classes/10" : k) + ", four-crop least likely)";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", "grad-modulation");
        m.put("k", k == null ? "classes/10" : k);
        return m;
    }

    /** The four half-size corner crops of an image, each resized back to full size. */
    public static List<RgbImage> cornerCrops(RgbImage x) {
        int h = x.height(), w = x.width(), ch = h / 2, cw = w / 2;
        return List.of(x.crop(0, 0, ch, cw).resize(h, w), x.crop(0, w - cw, ch, cw).resize(h, w),
                x.crop(h - ch, 0, ch, cw).resize(h, w), x.crop(h - ch, w - cw, ch, cw).resize(h, w));
    }

    @Override
    public Loss build(Ops tf, ClassifierModel model) {
        int classes = model.numClasses();
        int kk = new IncreaseConfidence(k, IncreaseConfidence.Measure.CE).k(classes);
        return new TargetedLoss(tf, classes, target -> tf.nn.softmaxCrossEntropyWithLogits(model.logits(), target).loss(),
                (m, x0, norm, summary) -> {
                    int n = x0.n();
                    List<RgbImage> crops = new ArrayList<>();
                    for (int i = 0; i < n; i++) crops.addAll(cornerCrops(x0.image(i)));
                    float[] z = m.forward(Batch.of(crops), norm, "logits").get("logits").data();
                    float[] t = new float[n * classes];
                    for (int i = 0; i < n; i++) {
                        float[] avg = new float[classes];
                        for (int c4 = 0; c4 < 4; c4++) {
                            float[] p = softmax(Arrays.copyOfRange(z, (4 * i + c4) * classes, (4 * i + c4 + 1) * classes));
                            for (int c = 0; c < classes; c++) avg[c] += p[c] / 4;
                        }
                        int[] ll = IncreaseConfidence.leastLikely(avg, kk);
                        for (int c : ll) t[i * classes + c] = 1f / kk;
                        summary.add(Arrays.toString(ll));
                    }
                    return t;
                });
    }

    static float[] softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) max = Math.max(max, v);
        double sum = 0;
        float[] p = new float[z.length];
        for (int i = 0; i < z.length; i++) {
            p[i] = (float) Math.exp(z[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < z.length; i++) p[i] /= sum;
        return p;
    }
}
