package illusions.gpi;

/**
 * What one iteration looked like for one sample, at x_t (before the update that makes x_{t+1}).
 *
 * @param top5        the five most probable classes, most probable first
 * @param top5Prob    their softmax probabilities
 */
public record IterationRecord(int iteration, int sample, double loss, double gradNorm, int[] top5, float[] top5Prob) {

    static IterationRecord of(int t, int sample, float loss, float gradNorm, float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) max = Math.max(max, v);
        double z = 0;
        for (float v : logits) z += Math.exp(v - max);
        int k = Math.min(5, logits.length);
        int[] top = new int[k];
        float[] p = new float[k];
        boolean[] used = new boolean[logits.length];
        for (int j = 0; j < k; j++) {
            int best = -1;
            for (int c = 0; c < logits.length; c++) {
                if (!used[c] && (best < 0 || logits[c] > logits[best])) best = c;
            }
            used[best] = true;
            top[j] = best;
            p[j] = (float) (Math.exp(logits[best] - max) / z);
        }
        return new IterationRecord(t, sample, loss, gradNorm, top, p);
    }
}
