package illusions.stimuli;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Rubin's face/vase: a vase, symmetric about the vertical midline, whose two outlines are two
 * facing profiles. The vase's half-width at height y is
 * {@code halfWidth(y) = baseHalfWidth + forehead and neck flare - brow·b(y) - nose·n(y) -
 * lips·(upper(y) + lower(y)) - chin·c(y)}, where each feature is a Gaussian bump at a fixed
 * fraction of the height (brow 0.30, nose tip 0.46, lips 0.585 and 0.655, chin 0.77): a feature's
 * depth is how far it pushes the profile toward the midline, narrowing the vase. The vase spans
 * the full image height; the faces are everything left and right of it.
 *
 * <p>Controls keep the area and height but remove the profiles: {@code RECTANGLE} (a bar of the
 * vase's mean width) and {@code OVAL} (an ellipse of the same area spanning the height).
 *
 * <p>Masks: {@code vase} and {@code face} (both faces), each kept {@code bandWidth / 2} away
 * (horizontally) from the outline, and {@code contour}, the band in between. Polarity is vase
 * colour on face colour.
 */
public record RubinVase(Outline outline, Polarity polarity, double baseHalfWidth, double brow, double nose, double lips,
        double chin, double bandWidth) implements Stimulus {

    /** Outline of the central figure. */
    public enum Outline {
        PROFILE, RECTANGLE, OVAL;

        public String label() { return name().toLowerCase(); }
    }

    public RubinVase {
        Check.nonNull("outline", outline);
        Check.nonNull("polarity", polarity);
        Check.range("baseHalfWidth", baseHalfWidth, 10, 100);
        Check.nonNegative("brow", brow);
        Check.nonNegative("nose", nose);
        Check.nonNegative("lips", lips);
        Check.nonNegative("chin", chin);
        Check.positive("bandWidth", bandWidth);
        double deepest = Math.max(Math.max(brow, nose), Math.max(lips, chin));
        if (deepest > baseHalfWidth - 4) {
            throw new IllegalArgumentException("a feature depth (" + Check.fmt(deepest)
                    + ") must be at most baseHalfWidth - 4 (" + Check.fmt(baseHalfWidth - 4) + ") so the vase keeps a neck");
        }
    }

    /** White vase on black faces (the reference's "white" configuration), classic profile. */
    public RubinVase() {
        this(Outline.PROFILE, Polarity.WHITE_ON_BLACK, 50, 10, 28, 10, 14, 6);
    }

    public RubinVase withShape(Outline s) {
        return new RubinVase(s, polarity, baseHalfWidth, brow, nose, lips, chin, bandWidth);
    }

    public RubinVase withPolarity(Polarity p) {
        return new RubinVase(outline, p, baseHalfWidth, brow, nose, lips, chin, bandWidth);
    }

    public RubinVase rectangleControl() { return withShape(Outline.RECTANGLE); }

    public RubinVase ovalControl() { return withShape(Outline.OVAL); }

    private static final double H = REFERENCE_SIZE;
    private static final double MID = REFERENCE_SIZE / 2.0;

    private static double bump(double u, double centre, double sigma) {
        double z = (u - centre) / sigma;
        return Math.exp(-0.5 * z * z);
    }

    private static double smoothstep(double a, double b, double u) {
        double t = Math.min(1, Math.max(0, (u - a) / (b - a)));
        return t * t * (3 - 2 * t);
    }

    /** Half-width of the profile vase at reference height y. */
    public double profileHalfWidth(double y) {
        double u = y / H;
        return baseHalfWidth + 10 * (1 - smoothstep(0, 0.22, u)) + 16 * smoothstep(0.82, 1.0, u)
                - brow * bump(u, 0.30, 0.035) - nose * bump(u, 0.46, 0.04)
                - lips * (bump(u, 0.585, 0.018) + bump(u, 0.655, 0.018)) - chin * bump(u, 0.77, 0.035);
    }

    /** Mean half-width of the profile vase over the height (fixes the controls' area). */
    public double meanHalfWidth() {
        double s = 0;
        int n = 448;
        for (int i = 0; i < n; i++) s += profileHalfWidth((i + 0.5) * H / n);
        return s / n;
    }

    /** Half-width of the central figure (of this shape) at reference height y. */
    public double halfWidth(double y) {
        return switch (outline) {
            case PROFILE -> profileHalfWidth(y);
            case RECTANGLE -> meanHalfWidth();
            case OVAL -> {
                double a = 4 * meanHalfWidth() / Math.PI; // pi a b = 2 mean H with b = H / 2
                double v = (y - MID) / MID;
                yield a * Math.sqrt(Math.max(0, 1 - v * v));
            }
        };
    }

    /** The central figure's outline in reference (224-px) coordinates. */
    public Shape outlineShape() {
        return switch (outline) {
            case RECTANGLE -> new Rectangle2D.Double(MID - meanHalfWidth(), -1, 2 * meanHalfWidth(), H + 2);
            case OVAL -> {
                double a = 4 * meanHalfWidth() / Math.PI;
                yield new Ellipse2D.Double(MID - a, 0, 2 * a, H);
            }
            case PROFILE -> {
                Path2D.Double p = new Path2D.Double();
                int n = 448;
                p.moveTo(MID - profileHalfWidth(0), -1);
                for (int i = 0; i <= n; i++) {
                    double y = i * H / n;
                    p.lineTo(MID - profileHalfWidth(y), y);
                }
                p.lineTo(MID - profileHalfWidth(H), H + 1);
                p.lineTo(MID + profileHalfWidth(H), H + 1);
                for (int i = n; i >= 0; i--) {
                    double y = i * H / n;
                    p.lineTo(MID + profileHalfWidth(y), y);
                }
                p.lineTo(MID + profileHalfWidth(0), -1);
                p.closePath();
                yield p;
            }
        };
    }

    @Override
    public RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Canvas.grey(polarity.backgroundGrey()));
        c.fill(outlineShape(), Canvas.grey(polarity.figureGrey()));
        double half = bandWidth / 2;
        Mask vase = c.mask("vase", (x, y) -> Math.abs(x - MID) < halfWidth(y) - half);
        Mask face = c.mask("face", (x, y) -> Math.abs(x - MID) > halfWidth(y) + half);
        Mask contour = c.mask("contour", (x, y) -> Math.abs(Math.abs(x - MID) - halfWidth(y)) <= half);
        return RenderedStimulus.of(c.toRgbImage(), List.of(face, vase, contour));
    }

    static List<ParamSpec> params() {
        RubinVase d = new RubinVase();
        return List.of(
                ParamSpec.choice("shape", "profile", List.of("profile", "rectangle", "oval"),
                        "outline of the central figure (rectangle, oval: controls of equal area)"),
                ParamSpec.choice("polarity", d.polarity.label(), Polarities.LABELS, "vase colour on face colour"),
                ParamSpec.number("halfWidth", d.baseHalfWidth, 10, 100, "vase half-width where no feature protrudes"),
                ParamSpec.number("brow", d.brow, 0, 96, "how far the brow pushes toward the midline"),
                ParamSpec.number("nose", d.nose, 0, 96, "how far the nose tip pushes toward the midline"),
                ParamSpec.number("lips", d.lips, 0, 96, "how far each lip pushes toward the midline"),
                ParamSpec.number("chin", d.chin, 0, 96, "how far the chin pushes toward the midline"),
                ParamSpec.number("band", d.bandWidth, 1, 40, "width of the outline band left out of face and vase"));
    }

    static RubinVase fromParams(Params p) {
        return new RubinVase(Outline.valueOf(p.choice("shape").toUpperCase()), p.polarity("polarity"),
                p.number("halfWidth"), p.number("brow"), p.number("nose"), p.number("lips"), p.number("chin"),
                p.number("band"));
    }
}
