package illusions.stimuli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Neon colour spreading (van Tuijl): a lattice of thin black lines, spacing {@code spacing},
 * whose segments inside a circle of radius {@code neonRadius} are drawn in colour. The colour
 * appears to spread over the white gaps, filling a transparent coloured disc with an illusory
 * border. Control: {@code coloured = false} draws all lines black (no neon disc).
 *
 * <p>Masks: {@code neon-disc} (white gaps inside the circle, {@code bandWidth/2} away from its
 * border), {@code illusory-edges} (the ring of width {@code bandWidth} on the border, gaps only),
 * {@code lines}, {@code control-band} (ring of equal width {@code controlOffset} further out) and
 * {@code control-region} (gaps in a ring outside the circle, area matched to the disc).
 */
public record NeonCircle(double spacing, double lineWidth, double neonRadius, float red, float green, float blue,
        boolean coloured, double bandWidth, double controlOffset) implements Stimulus {

    static final double C = REFERENCE_SIZE / 2.0;

    public NeonCircle {
        Check.range("spacing", spacing, 4, 112);
        Check.positive("lineWidth", lineWidth);
        Check.range("neonRadius", neonRadius, 5, 100);
        Check.range("red", red, 0, 1);
        Check.range("green", green, 0, 1);
        Check.range("blue", blue, 0, 1);
        Check.positive("bandWidth", bandWidth);
        Check.nonNegative("controlOffset", controlOffset);
        if (lineWidth >= spacing / 2) {
            throw new IllegalArgumentException("lineWidth (" + lineWidth + ") must be under half the spacing (" + spacing + ")");
        }
        if (neonRadius + controlOffset + bandWidth / 2 > C) {
            throw new IllegalArgumentException("neonRadius + controlOffset + band/2 must be at most 112 (the frame)");
        }
    }

    public NeonCircle() { this(16, 2, 44, 1f, 0.1f, 0.1f, true, 5, 30); }

    public NeonCircle blackControl() {
        return new NeonCircle(spacing, lineWidth, neonRadius, red, green, blue, false, bandWidth, controlOffset);
    }

    @Override
    public RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Color.WHITE);
        BasicStroke stroke = new BasicStroke((float) lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
        Area lines = new Area();
        // Lattice centred on the image centre: lines at C + k * spacing + spacing / 2, so the
        // centre lies in a gap.
        int k = (int) Math.ceil(C / spacing) + 1;
        for (int i = -k; i <= k; i++) {
            double p = C + (i + 0.5) * spacing;
            lines.add(new Area(stroke.createStrokedShape(new Line2D.Double(p, -2, p, REFERENCE_SIZE + 2))));
            lines.add(new Area(stroke.createStrokedShape(new Line2D.Double(-2, p, REFERENCE_SIZE + 2, p))));
        }
        lines.intersect(new Area(new Rectangle2D.Double(0, 0, REFERENCE_SIZE, REFERENCE_SIZE)));
        Area disc = new Area(new Ellipse2D.Double(C - neonRadius, C - neonRadius, 2 * neonRadius, 2 * neonRadius));
        Area inside = new Area(lines);
        inside.intersect(disc);
        Area outside = new Area(lines);
        outside.subtract(disc);
        c.fill(outside, Color.BLACK);
        c.fill(inside, coloured ? new Color(red, green, blue) : Color.BLACK);

        double m = c.renderPixels(1);
        double half = bandWidth / 2;
        Canvas.RefTest gap = (x, y) -> {
            double fx = Math.abs(((x - C) % spacing + spacing) % spacing - spacing / 2);
            double fy = Math.abs(((y - C) % spacing + spacing) % spacing - spacing / 2);
            return fx > lineWidth / 2 + m && fy > lineWidth / 2 + m;
        };
        double edgeIn = neonRadius - half, edgeOut = neonRadius + half;
        double regionIn = neonRadius + controlOffset + half + bandWidth;
        double regionOut = Math.sqrt(regionIn * regionIn + edgeIn * edgeIn);
        Mask discMask = c.mask("neon-disc", (x, y) -> r(x, y) < edgeIn && gap.test(x, y));
        Mask edges = c.mask("illusory-edges", (x, y) -> r(x, y) >= edgeIn && r(x, y) < edgeOut && gap.test(x, y));
        double bIn = edgeIn + controlOffset, bOut = edgeOut + controlOffset;
        Mask band = c.mask("control-band", (x, y) -> r(x, y) >= bIn && r(x, y) < bOut && gap.test(x, y));
        Mask region = c.mask("control-region", (x, y) -> r(x, y) >= regionIn && r(x, y) < regionOut && gap.test(x, y));
        return RenderedStimulus.of(c.toRgbImage(), List.of(edges, c.mask("lines", lines), band, discMask, region));
    }

    private static double r(double x, double y) { return Math.hypot(x - C, y - C); }

    static List<ParamSpec> params() {
        NeonCircle d = new NeonCircle();
        return List.of(
                ParamSpec.number("spacing", d.spacing, 4, 112, "distance between lattice lines"),
                ParamSpec.number("lineWidth", d.lineWidth, 0.2, 20, "lattice line width"),
                ParamSpec.number("radius", d.neonRadius, 5, 100, "radius of the neon disc"),
                ParamSpec.number("red", d.red, 0, 1, "red of the neon segments"),
                ParamSpec.number("green", d.green, 0, 1, "green of the neon segments"),
                ParamSpec.number("blue", d.blue, 0, 1, "blue of the neon segments"),
                ParamSpec.bool("coloured", true, "colour the segments inside the disc (false: control)"),
                ParamSpec.number("band", d.bandWidth, 1, 40, "width of the measuring rings"),
                ParamSpec.number("controlOffset", d.controlOffset, 0, 100, "outward shift of the control ring"));
    }

    static NeonCircle fromParams(Params p) {
        return new NeonCircle(p.number("spacing"), p.number("lineWidth"), p.number("radius"), (float) p.number("red"),
                (float) p.number("green"), (float) p.number("blue"), p.bool("coloured"), p.number("band"),
                p.number("controlOffset"));
    }
}
