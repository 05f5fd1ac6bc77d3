package illusions.stimuli;

/** Parameter checks shared by the stimulus records; messages say what is allowed. */
final class Check {
    private Check() {}

    static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be a positive number, got " + v);
        }
    }

    static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be zero or positive, got " + v);
        }
    }

    static void finite(String name, double v) {
        if (!Double.isFinite(v)) throw new IllegalArgumentException(name + " must be a finite number, got " + v);
    }

    static void range(String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            throw new IllegalArgumentException(name + " must be in [" + lo + ", " + hi + "], got " + v);
        }
    }

    static void nonNull(String name, Object o) {
        if (o == null) throw new IllegalArgumentException(name + " must be given");
    }

    /** A figure of the given half-extent around (cx, cy) must fit the 224-px reference frame. */
    static void insideFrame(String what, double cx, double cy, double halfExtent) {
        int s = Stimulus.REFERENCE_SIZE;
        if (cx - halfExtent < 0 || cy - halfExtent < 0 || cx + halfExtent > s || cy + halfExtent > s) {
            throw new IllegalArgumentException(what + " reach " + fmt(halfExtent) + " px from the centre ("
                    + fmt(cx) + ", " + fmt(cy) + ") and do not fit the " + s + "-px reference frame:"
                    + " make the figure smaller or move its centre");
        }
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.3g", v);
    }
}
