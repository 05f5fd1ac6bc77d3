package illusions.analysis;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Welch's t-test of mean(a) - mean(b) for two independent samples with unequal variances (two
 * models measured on the same stimuli): the difference, its standard error, the
 * Welch-Satterthwaite degrees of freedom, a two-sided t confidence interval, and one- and two-sided
 * p-values. The one-sided p tests "a exceeds b".
 */
public record WelchTest(int nA, int nB, double meanA, double meanB, double difference, double se, double df,
        double t, double ciLow, double ciHigh, double level, double pGreater, double pTwoSided) {

    public static WelchTest of(double[] a, double[] b) {
        return of(a, b, 0.95);
    }

    public static WelchTest of(double[] a, double[] b, double level) {
        if (a.length < 2 || b.length < 2) {
            throw new IllegalArgumentException("Welch's test needs at least 2 values per sample, got " + a.length + " and " + b.length);
        }
        if (!(level > 0 && level < 1)) throw new IllegalArgumentException("confidence level must be in (0,1), got " + level);
        double ma = mean(a), mb = mean(b), va = variance(a, ma) / a.length, vb = variance(b, mb) / b.length;
        double d = ma - mb, se = Math.sqrt(va + vb);
        if (se == 0) {
            double t = d == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, d);
            return new WelchTest(a.length, b.length, ma, mb, d, 0, a.length + b.length - 2, t, d, d, level,
                    d > 0 ? 0 : 1, d == 0 ? 1 : 0);
        }
        double df = (va + vb) * (va + vb) / (va * va / (a.length - 1) + vb * vb / (b.length - 1));
        TDistribution dist = new TDistribution(df);
        double t = d / se, tq = dist.inverseCumulativeProbability(1 - (1 - level) / 2);
        double below = dist.cumulativeProbability(t);
        return new WelchTest(a.length, b.length, ma, mb, d, se, df, t, d - tq * se, d + tq * se, level,
                1 - below, Math.min(1, 2 * Math.min(below, 1 - below)));
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            if (!Double.isFinite(x)) throw new IllegalArgumentException("non-finite value in a sample: " + x);
            s += x;
        }
        return s / v.length;
    }

    private static double variance(double[] v, double m) {
        double s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return s / (v.length - 1);
    }
}
