package illusions.theory;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean and two-sided 95% t-interval of a few independent replicates (here: training seeds):
 * mean +- t_{0.975, n-1} * sd / sqrt(n), with sd the sample standard deviation (n - 1). With one
 * replicate the bounds are NaN. Non-finite values are dropped first.
 */
public record Interval(double mean, double low, double high, double sd, int n) {

    public static Interval of(double[] values) {
        double[] v = java.util.Arrays.stream(values).filter(Double::isFinite).toArray();
        int n = v.length;
        if (n == 0) return new Interval(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
        double mean = 0;
        for (double a : v) mean += a / n;
        if (n == 1) return new Interval(mean, Double.NaN, Double.NaN, Double.NaN, 1);
        double ss = 0;
        for (double a : v) ss += (a - mean) * (a - mean);
        double sd = Math.sqrt(ss / (n - 1));
        double half = new TDistribution(n - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(n);
        return new Interval(mean, mean - half, mean + half, sd, n);
    }

    public double halfWidth() {
        return (high - low) / 2;
    }

    @Override
    public String toString() {
        return n > 1 ? String.format("%.3f [%.3f, %.3f]", mean, low, high) : String.format("%.3f", mean);
    }
}
