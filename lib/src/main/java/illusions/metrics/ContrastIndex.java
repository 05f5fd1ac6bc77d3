package illusions.metrics;

import illusions.stimuli.Mask;

/**
 * The one index of the workbench: (a - b) / (|a| + |b|) where a and b are a map's means over two
 * regions. For non-negative maps (darkening, gradient magnitude, |activity|) the denominator is
 * the plain sum a + b of the formula; the absolute values keep the index in [-1, 1] for
 * signed maps (activity differences) too.
 *
 * <p>Guard: if |a| + |b| &lt; {@link #EPSILON} the map is (numerically) zero on both regions,
 * there is no contrast to measure, and the index is defined as 0 rather than 0/0.
 */
public final class ContrastIndex {
    public static final double EPSILON = 1e-12;

    private ContrastIndex() {}

    public static double of(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            throw new IllegalArgumentException("a region mean is NaN (empty mask or NaN in the map): a=" + a + ", b=" + b);
        }
        double denominator = Math.abs(a) + Math.abs(b);
        if (denominator < EPSILON) return 0;
        return (a - b) / denominator;
    }

    /** Index of {@code map} between region {@code a} and region {@code b}. */
    public static double of(float[] map, Mask a, Mask b) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("mask '" + (a.isEmpty() ? a.name() : b.name())
                    + "' is empty at this render size: render larger or widen the band");
        }
        return of(a.meanOf(map), b.meanOf(map));
    }
}
