package illusions.theory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gradient-driven sampling on R^d with any {@link ClassGradient} (a classifier's
 * grad_x log p_theta(y|x), or a world's true score), for a batch of points each with its class.
 *
 * <ul>
 *   <li>{@link Rule#NORMALIZED}, the workbench's GPI update ({@code illusions.gpi.GpiStep} with
 *       L2 steps, no projection, no clamp): x <- x + a g/(||g||_2 + 1e-10) + sigma N(0, I).</li>
 *   <li>{@link Rule#LANGEVIN}, unadjusted Langevin dynamics: x <- x + a g + sqrt(2a) N(0, I).
 *       With g the true score grad log p(x|y) and a small a, its stationary law is close to
 *       p(x|y); the normalized rule's is not (in one dimension, on a Gaussian, it is a Laplace law
 *       of scale sigma^2 / (2a)), which is why both are measured.</li>
 * </ul>
 *
 * <p>Each point's noise comes from its own {@code SplittableRandom} split off the seed in order,
 * so a trajectory does not depend on the gradient field's batch arithmetic.
 */
public final class ScoreSampler {
    private ScoreSampler() {}

    public enum Rule { NORMALIZED, LANGEVIN }

    /**
     * Runs {@code steps} updates from {@code start} (not modified) and returns copies of the batch
     * at every iteration listed in {@code record} (0 = the start), in increasing order.
     */
    public static Map<Integer, double[][]> run(ClassGradient field, double[][] start, int[] y, Rule rule, double a,
            double sigma, int steps, int[] record, long seed) {
        int n = start.length;
        if (y.length != n) throw new IllegalArgumentException("one class per point");
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = start[i].clone();
        SplittableRandom root = new SplittableRandom(seed);
        SplittableRandom[] rng = new SplittableRandom[n];
        for (int i = 0; i < n; i++) rng[i] = root.split();
        java.util.TreeSet<Integer> wanted = new java.util.TreeSet<>();
        for (int r : record) if (r >= 0 && r <= steps) wanted.add(r);
        Map<Integer, double[][]> out = new LinkedHashMap<>();
        if (wanted.contains(0)) out.put(0, copy(x));
        double langevinNoise = Math.sqrt(2 * a);
        for (int t = 1; t <= steps; t++) {
            double[][] g = field.gradient(x, y);
            for (int i = 0; i < n; i++) {
                double[] xi = x[i], gi = g[i];
                if (rule == Rule.NORMALIZED) {
                    double norm = 0;
                    for (double v : gi) norm += v * v;
                    double f = a / (Math.sqrt(norm) + 1e-10);
                    for (int j = 0; j < xi.length; j++) xi[j] += f * gi[j] + sigma * rng[i].nextGaussian();
                } else {
                    for (int j = 0; j < xi.length; j++) xi[j] += a * gi[j] + langevinNoise * rng[i].nextGaussian();
                }
            }
            if (wanted.contains(t)) out.put(t, copy(x));
        }
        return out;
    }

    /** n standard-normal points in d dimensions: the "noise" start (the data's overall scale is 1). */
    public static double[][] noise(int n, int d, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][d];
        for (double[] row : x) for (int j = 0; j < d; j++) row[j] = rng.nextGaussian();
        return x;
    }

    static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) c[i] = x[i].clone();
        return c;
    }
}
