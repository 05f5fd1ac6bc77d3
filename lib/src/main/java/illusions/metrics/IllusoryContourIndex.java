package illusions.metrics;

import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import java.util.List;

/**
 * Illusory-contour index of a map: (mean over the illusory-edge bands - mean over the matched
 * control band) / (sum of the two means) — see {@link ContrastIndex} for the guard and signed maps.
 * +1: the map lives only on the illusory edges; 0: no difference; -1: only on the control band.
 *
 * <p>Maps are row-major at image size: {@link Maps#darkening} of x_t (the reference's early
 * measure), a gradient magnitude, or a layer's induced activity brought to image size with
 * {@link Maps#upsample}.
 */
public final class IllusoryContourIndex {
    public static final String EDGES = "illusory-edges";
    public static final String CONTROL = "control-band";

    private IllusoryContourIndex() {}

    public static double of(float[] map, Mask edges, Mask control) { return ContrastIndex.of(map, edges, control); }

    /** Uses the stimulus's {@code illusory-edges} and {@code control-band} masks. */
    public static double of(float[] map, RenderedStimulus stimulus) {
        return of(map, stimulus.mask(EDGES), stimulus.mask(CONTROL));
    }

    /** Index of each map in order, e.g. one map per GPI iteration. */
    public static double[] timeCourse(List<float[]> maps, Mask edges, Mask control) {
        double[] out = new double[maps.size()];
        for (int i = 0; i < out.length; i++) out[i] = of(maps.get(i), edges, control);
        return out;
    }

    public static double[] timeCourse(List<float[]> maps, RenderedStimulus stimulus) {
        return timeCourse(maps, stimulus.mask(EDGES), stimulus.mask(CONTROL));
    }
}
