package illusions.theory;

/**
 * The energy distance between two samples (Szekely and Rizzo):
 *
 * <pre>
 *   D^2(X, Y) = 2 E||X - Y|| - E||X - X'|| - E||Y - Y'||
 * </pre>
 *
 * estimated with the within-sample means over distinct pairs (U-statistics), so its expectation
 * is 0 when both samples come from the same law, and positive otherwise. Reported as D^2, in the
 * data's units.
 */
public final class EnergyDistance {
    private EnergyDistance() {}

    public static double of(double[][] a, double[][] b) {
        if (a.length < 2 || b.length < 2) throw new IllegalArgumentException("need at least two points per sample");
        double ab = 0;
        for (double[] p : a) for (double[] q : b) ab += distance(p, q);
        ab /= (double) a.length * b.length;
        return 2 * ab - within(a) - within(b);
    }

    private static double within(double[][] a) {
        double s = 0;
        for (int i = 0; i < a.length; i++) for (int j = i + 1; j < a.length; j++) s += distance(a[i], a[j]);
        return s / ((double) a.length * (a.length - 1) / 2);
    }

    static double distance(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - q[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
