package illusions.stimuli;

import illusions.image.RgbImage;
import java.util.List;

/**
 * Cornsweet (Craik-O'Brien-Cornsweet) block: two halves of the same grey {@code luminance}
 * meeting at a vertical border at x = 112; next to the border the left half brightens by up to
 * {@code contrast} and the right half darkens by as much, both decaying linearly to zero over
 * {@code rampWidth}. The left half looks lighter although the plateaus are equal. Controls:
 * {@code profile = step} (a real step of {@code contrast / 2} each side) and {@code uniform}.
 * Rendered analytically with 4x4 supersampling per pixel (no Java2D needed).
 *
 * <p>Masks: {@code left} and {@code right} plateaus (beyond the ramps and a 2-px margin) and
 * {@code border}, the two ramps.
 */
public record CornsweetBlock(String profile, double luminance, double contrast, double rampWidth) implements Stimulus {

    public static final List<String> PROFILES = List.of("cornsweet", "step", "uniform");
    static final double X0 = REFERENCE_SIZE / 2.0;

    public CornsweetBlock {
        if (!PROFILES.contains(profile)) {
            throw new IllegalArgumentException("profile '" + profile + "' unknown; allowed: " + String.join(", ", PROFILES));
        }
        Check.range("luminance", luminance, 0, 1);
        Check.range("contrast", contrast, 0, 1);
        Check.range("rampWidth", rampWidth, 1, 100);
        if (luminance - contrast < 0 || luminance + contrast > 1) {
            throw new IllegalArgumentException("luminance +/- contrast must stay in [0, 1], got " + luminance + " +/- " + contrast);
        }
    }

    public CornsweetBlock() { this("cornsweet", 0.5, 0.2, 30); }

    public CornsweetBlock withProfile(String p) { return new CornsweetBlock(p, luminance, contrast, rampWidth); }

    /** Luminance at reference x. */
    public double luminanceAt(double x) {
        double d = x - X0;
        return switch (profile) {
            case "uniform" -> luminance;
            case "step" -> luminance + (d < 0 ? contrast / 2 : -contrast / 2);
            default -> {
                double ramp = Math.max(0, 1 - Math.abs(d) / rampWidth) * contrast;
                yield luminance + (d < 0 ? ramp : -ramp);
            }
        };
    }

    @Override
    public RenderedStimulus render(int size) {
        Canvas probe = new Canvas(size, java.awt.Color.BLACK); // for scale and masks only
        double scale = probe.scale;
        float[] row = new float[size];
        int ss = 4;
        for (int x = 0; x < size; x++) {
            double s = 0;
            for (int k = 0; k < ss; k++) s += luminanceAt((x + (k + 0.5) / ss) / scale);
            row[x] = (float) (s / ss);
        }
        float[] grey = new float[size * size];
        for (int y = 0; y < size; y++) System.arraycopy(row, 0, grey, y * size, size);
        double margin = rampWidth + 2;
        Mask left = probe.mask("left", (x, y) -> x < X0 - margin);
        Mask right = probe.mask("right", (x, y) -> x > X0 + margin);
        Mask border = probe.mask("border", (x, y) -> Math.abs(x - X0) <= rampWidth);
        return RenderedStimulus.of(RgbImage.fromGrey(size, size, grey), List.of(left, right, border));
    }

    static List<ParamSpec> params() {
        CornsweetBlock d = new CornsweetBlock();
        return List.of(
                ParamSpec.choice("profile", d.profile, PROFILES, "border profile (step, uniform: controls)"),
                ParamSpec.number("luminance", d.luminance, 0, 1, "grey level of both plateaus"),
                ParamSpec.number("contrast", d.contrast, 0, 0.5, "peak deviation at the border"),
                ParamSpec.number("ramp", d.rampWidth, 1, 100, "width of each ramp"));
    }

    static CornsweetBlock fromParams(Params p) {
        return new CornsweetBlock(p.choice("profile"), p.number("luminance"), p.number("contrast"), p.number("ramp"));
    }
}
