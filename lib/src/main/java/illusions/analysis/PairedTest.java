package illusions.analysis;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * A paired t-test of a - b over matched units (noise seeds, or training seeds): the mean
 * difference, its standard error, a two-sided t confidence interval, and one- and two-sided
 * p-values. The one-sided p tests "a exceeds b".
 *
 * @param n          number of pairs
 * @param meanA      mean of a
 * @param meanB      mean of b
 * @param difference mean of a - b
 * @param sd         standard deviation of a - b (n - 1 denominator)
 * @param sem        sd / sqrt(n)
 * @param t          difference / sem (infinite when every difference is the same non-zero value)
 * @param ciLow      lower end of the confidence interval of the difference
 * @param ciHigh     upper end
 * @param level      confidence level of the interval (0.95 by default)
 * @param pGreater   one-sided p for H1: mean(a - b) > 0
 * @param pTwoSided  two-sided p for H1: mean(a - b) != 0
 */
public record PairedTest(int n, double meanA, double meanB, double difference, double sd, double sem, double t,
        double ciLow, double ciHigh, double level, double pGreater, double pTwoSided) {

    public static PairedTest of(double[] a, double[] b) {
        return of(a, b, 0.95);
    }

    public static PairedTest of(double[] a, double[] b, double level) {
        if (a.length != b.length) throw new IllegalArgumentException("paired samples differ in length: " + a.length + " vs " + b.length);
        if (a.length < 2) throw new IllegalArgumentException("a paired test needs at least 2 pairs, got " + a.length);
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("confidence level must be in (0,1), got " + level);
        int n = a.length;
        double ma = 0, mb = 0, md = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(a[i]) || !Double.isFinite(b[i])) {
                throw new IllegalArgumentException("non-finite value in pair " + i + ": " + a[i] + ", " + b[i]);
            }
            ma += a[i];
            mb += b[i];
            md += a[i] - b[i];
        }
        ma /= n;
        mb /= n;
        md /= n;
        double ss = 0;
        for (int i = 0; i < n; i++) {
            double d = a[i] - b[i] - md;
            ss += d * d;
        }
        double sd = Math.sqrt(ss / (n - 1));
        double sem = sd / Math.sqrt(n);
        TDistribution dist = new TDistribution(n - 1);
        double tq = dist.inverseCumulativeProbability(1 - (1 - level) / 2);
        double t, pG, p2;
        if (sem > 0) {
            t = md / sem;
            pG = 1 - dist.cumulativeProbability(t);
            p2 = 2 * Math.min(dist.cumulativeProbability(t), 1 - dist.cumulativeProbability(t));
        } else {
            // No spread: the difference is exact.
            t = md == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, md);
            pG = md > 0 ? 0 : 1;
            p2 = md == 0 ? 1 : 0;
        }
        return new PairedTest(n, ma, mb, md, sd, sem, t, md - tq * sem, md + tq * sem, level, pG, Math.min(1, p2));
    }

    /** One-sample version: is the mean of {@code d} above zero (d are already differences). */
    public static PairedTest ofDifferences(double[] d) {
        return of(d, new double[d.length]);
    }
}
