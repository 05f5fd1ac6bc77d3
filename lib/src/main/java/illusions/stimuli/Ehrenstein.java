package illusions.stimuli;

import java.awt.Color;
import java.awt.geom.Area;
import java.awt.geom.Line2D;
import java.awt.BasicStroke;
import java.util.List;

/**
 * Ehrenstein figure: {@code lineCount} radial lines from {@code innerRadius} to
 * {@code outerRadius} around ({@code centreX}, {@code centreY}); the gap they surround looks like
 * a bright disc with an illusory circular border. Control: {@code tiltDeg} turns every line about
 * its own midpoint, so the line ends are no longer orthogonal to a common circle.
 *
 * <p>Masks: {@code illusory-disc} (the gap, inside {@code innerRadius - bandWidth}),
 * {@code illusory-edges} (the ring of width {@code bandWidth} just inside the line ends),
 * {@code lines}, {@code control-band} (a ring outside the line ends, area matched to the edge
 * ring) and {@code control-region} (a ring further out, area matched to the disc).
 */
public record Ehrenstein(int lineCount, double innerRadius, double outerRadius, double lineWidth, double tiltDeg,
        double centreX, double centreY, Polarity polarity, double bandWidth) implements Stimulus {

    public Ehrenstein {
        Check.range("lineCount", lineCount, 2, 64);
        Check.positive("innerRadius", innerRadius);
        Check.positive("lineWidth", lineWidth);
        Check.positive("bandWidth", bandWidth);
        Check.finite("tiltDeg", tiltDeg);
        Check.nonNull("polarity", polarity);
        if (outerRadius <= innerRadius) {
            throw new IllegalArgumentException("outerRadius (" + outerRadius + ") must exceed innerRadius (" + innerRadius + ")");
        }
        if (bandWidth >= innerRadius) {
            throw new IllegalArgumentException("bandWidth (" + bandWidth + ") must be smaller than innerRadius (" + innerRadius + ")");
        }
        Check.insideFrame("lines", centreX, centreY, outerRadius);
    }

    public Ehrenstein() { this(8, 30, 100, 4, 0, 112, 112, Polarity.BLACK_ON_WHITE, 5); }

    public Ehrenstein tiltedControl() {
        return new Ehrenstein(lineCount, innerRadius, outerRadius, lineWidth, 45, centreX, centreY, polarity, bandWidth);
    }

    /** Lines start at 22.5 degrees so that, with 8 lines, the image diagonals stay free. */
    Line2D.Double line(int i) {
        double a = Math.toRadians(180.0 / lineCount + 360.0 * i / lineCount);
        double mid = (innerRadius + outerRadius) / 2, half = (outerRadius - innerRadius) / 2;
        double mx = centreX + mid * Math.cos(a), my = centreY + mid * Math.sin(a);
        double d = a + Math.toRadians(tiltDeg);
        return new Line2D.Double(mx - half * Math.cos(d), my - half * Math.sin(d), mx + half * Math.cos(d),
                my + half * Math.sin(d));
    }

    @Override
    public RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Canvas.grey(polarity.backgroundGrey()));
        Area lines = new Area();
        BasicStroke stroke = new BasicStroke((float) lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
        for (int i = 0; i < lineCount; i++) lines.add(new Area(stroke.createStrokedShape(line(i))));
        Color figure = Canvas.grey(polarity.figureGrey());
        c.fill(lines, figure);
        double m = c.renderPixels(1);
        Area dilated = new Area(new BasicStroke((float) (lineWidth + 2 * m), BasicStroke.CAP_SQUARE,
                BasicStroke.JOIN_MITER).createStrokedShape(line(0)));
        for (int i = 1; i < lineCount; i++) {
            dilated.add(new Area(new BasicStroke((float) (lineWidth + 2 * m), BasicStroke.CAP_SQUARE,
                    BasicStroke.JOIN_MITER).createStrokedShape(line(i))));
        }
        double edgeIn = innerRadius - bandWidth, edgeOut = innerRadius - m;
        double bandIn = outerRadius + m + bandWidth;
        double bandOut = Math.sqrt(bandIn * bandIn + edgeOut * edgeOut - edgeIn * edgeIn);
        double regionIn = bandOut + bandWidth;
        double regionOut = Math.sqrt(regionIn * regionIn + edgeIn * edgeIn);
        Mask disc = c.mask("illusory-disc", (x, y) -> r(x, y) < edgeIn && !dilated.contains(x, y));
        Mask edges = c.mask("illusory-edges", (x, y) -> r(x, y) >= edgeIn && r(x, y) < edgeOut && !dilated.contains(x, y));
        Mask control = c.mask("control-band", (x, y) -> r(x, y) >= bandIn && r(x, y) < bandOut && !dilated.contains(x, y));
        Mask region = c.mask("control-region",
                (x, y) -> r(x, y) >= regionIn && r(x, y) < regionOut && !dilated.contains(x, y));
        return RenderedStimulus.of(c.toRgbImage(),
                List.of(edges, c.mask("lines", lines), control, disc, region));
    }

    private double r(double x, double y) { return Math.hypot(x - centreX, y - centreY); }

    static List<ParamSpec> params() {
        Ehrenstein d = new Ehrenstein();
        return List.of(
                ParamSpec.integer("lines", d.lineCount, 2, 64, "number of radial lines"),
                ParamSpec.number("inner", d.innerRadius, 2, 112, "radius of the central gap (line inner ends)"),
                ParamSpec.number("outer", d.outerRadius, 3, 112, "radius of the line outer ends"),
                ParamSpec.number("lineWidth", d.lineWidth, 0.5, 20, "line width"),
                ParamSpec.number("tilt", d.tiltDeg, -90, 90, "turn of each line about its midpoint (control: 45)"),
                ParamSpec.number("cx", d.centreX, 0, 224, "x of the centre"),
                ParamSpec.number("cy", d.centreY, 0, 224, "y of the centre"),
                ParamSpec.choice("polarity", d.polarity.label(), Polarities.LABELS, "line colour on background"),
                ParamSpec.number("band", d.bandWidth, 1, 40, "width of the measuring rings"));
    }

    static Ehrenstein fromParams(Params p) {
        return new Ehrenstein((int) p.integer("lines"), p.number("inner"), p.number("outer"), p.number("lineWidth"),
                p.number("tilt"), p.number("cx"), p.number("cy"), p.polarity("polarity"), p.number("band"));
    }
}
