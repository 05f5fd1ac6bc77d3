package illusions.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * Mean and standard error of the mean across independent repetitions (seeds, positions, edges).
 * sem = sample standard deviation (n - 1) / sqrt(n); with n = 1 it is undefined and reported as
 * NaN rather than a misleading 0.
 */
public record Summary(double mean, double sem, int n) {

    public static Summary of(double... values) {
        if (values.length == 0) throw new IllegalArgumentException("no values to summarise");
        double sum = 0;
        for (double v : values) {
            if (Double.isNaN(v)) throw new IllegalArgumentException("cannot summarise NaN values");
            sum += v;
        }
        double mean = sum / values.length;
        if (values.length == 1) return new Summary(mean, Double.NaN, 1);
        double ss = 0;
        for (double v : values) ss += (v - mean) * (v - mean);
        double sd = Math.sqrt(ss / (values.length - 1));
        return new Summary(mean, sd / Math.sqrt(values.length), values.length);
    }

    public static Summary of(List<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * Per-iteration summary of several time courses (one per seed): element t summarises the
     * courses' values at iteration t. All courses must have the same length.
     */
    public static List<Summary> perIteration(List<double[]> courses) {
        if (courses.isEmpty()) throw new IllegalArgumentException("no time courses to summarise");
        int len = courses.get(0).length;
        for (double[] c : courses) {
            if (c.length != len) {
                throw new IllegalArgumentException("time courses differ in length: " + len + " vs " + c.length);
            }
        }
        List<Summary> out = new ArrayList<>(len);
        for (int t = 0; t < len; t++) {
            double[] v = new double[courses.size()];
            for (int s = 0; s < v.length; s++) v[s] = courses.get(s)[t];
            out.add(of(v));
        }
        return out;
    }
}
