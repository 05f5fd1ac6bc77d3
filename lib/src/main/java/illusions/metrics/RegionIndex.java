package illusions.metrics;

import illusions.stimuli.Mask;
import illusions.stimuli.RenderedStimulus;
import java.util.List;

/**
 * Region index, built like the illusory-contour index from two masks: (mean over region A - mean
 * over region B) / (sum). For Rubin's stimulus A = {@code face}, B = {@code vase} (positive: the
 * map favours the faces); for figure-ground A = {@code figure}, B = {@code ground}.
 */
public final class RegionIndex {
    private RegionIndex() {}

    public static double of(float[] map, Mask a, Mask b) { return ContrastIndex.of(map, a, b); }

    public static double of(float[] map, RenderedStimulus stimulus, String regionA, String regionB) {
        return of(map, stimulus.mask(regionA), stimulus.mask(regionB));
    }

    /** Face-versus-vase index on a Rubin stimulus or its controls. */
    public static double faceVsVase(float[] map, RenderedStimulus stimulus) {
        return of(map, stimulus, "face", "vase");
    }

    public static double[] timeCourse(List<float[]> maps, Mask a, Mask b) {
        double[] out = new double[maps.size()];
        for (int i = 0; i < out.length; i++) out[i] = of(maps.get(i), a, b);
        return out;
    }
}
