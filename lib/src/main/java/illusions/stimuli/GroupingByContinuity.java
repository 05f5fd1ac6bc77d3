package illusions.stimuli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Area;
import java.awt.geom.Line2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Grouping by good continuation (Field, Hayes and Hess): a field of short line elements on a
 * jittered lattice with random orientations, among which {@code pathElements} elements lie on a
 * circular arc of radius {@code arcRadius} through the image centre, each aligned with the arc's
 * tangent, so they group into a contour. Control: {@code aligned = false} gives the path elements
 * random orientations (same positions). Seeded.
 *
 * <p>Masks: {@code path-gaps} (a band of width {@code bandWidth} along the arc between path
 * elements), {@code control-gaps} (the same band along an arc {@code controlOffset} further out,
 * through background elements) — both leave out element pixels — and {@code elements}.
 */
public record GroupingByContinuity(int pathElements, double arcRadius, double elementSpacing, double lineLength,
        double lineWidth, boolean aligned, long seed, double bandWidth, double controlOffset) implements Stimulus {

    static final double C = REFERENCE_SIZE / 2.0;

    public GroupingByContinuity {
        Check.range("pathElements", pathElements, 2, 40);
        Check.range("arcRadius", arcRadius, 30, 1000);
        Check.range("elementSpacing", elementSpacing, 6, 56);
        Check.positive("lineLength", lineLength);
        Check.positive("lineWidth", lineWidth);
        Check.positive("bandWidth", bandWidth);
        Check.finite("controlOffset", controlOffset);
        if (lineLength >= elementSpacing) throw new IllegalArgumentException("lineLength must be under elementSpacing");
        double span = (pathElements - 1) * elementSpacing;
        if (span > 180) throw new IllegalArgumentException("path (pathElements - 1) x elementSpacing = " + span + " must be at most 180");
    }

    public GroupingByContinuity() { this(9, 110, 18, 10, 2, true, 1, 5, 36); }

    public GroupingByContinuity randomControl() {
        return new GroupingByContinuity(pathElements, arcRadius, elementSpacing, lineLength, lineWidth, false, seed,
                bandWidth, controlOffset);
    }

    /** The arc's centre: below the image centre, so the arc bulges upward through (112, 112). */
    private double[] arcCentre() { return new double[] {C, C + arcRadius}; }

    /** Arc angle span per path element (radians). */
    private double dTheta() { return elementSpacing / arcRadius; }

    @Override
    public RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Color.WHITE);
        SplittableRandom rng = new SplittableRandom(seed);
        // Own stream for the path's random orientations, so the control keeps the background.
        SplittableRandom pathRng = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        double[] o = arcCentre();
        List<double[]> elements = new ArrayList<>(); // x, y, angle (rad)
        double t0 = -Math.PI / 2 - dTheta() * (pathElements - 1) / 2;
        for (int i = 0; i < pathElements; i++) {
            double t = t0 + i * dTheta();
            double tangent = t + Math.PI / 2;
            double a = aligned ? tangent : pathRng.nextDouble() * Math.PI;
            elements.add(new double[] {o[0] + arcRadius * Math.cos(t), o[1] + arcRadius * Math.sin(t), a});
        }
        int n = (int) Math.ceil(REFERENCE_SIZE / elementSpacing);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = (j + 0.5) * elementSpacing + (rng.nextDouble() - 0.5) * elementSpacing * 0.3;
                double y = (i + 0.5) * elementSpacing + (rng.nextDouble() - 0.5) * elementSpacing * 0.3;
                double a = rng.nextDouble() * Math.PI;
                boolean free = true;
                for (int k = 0; k < pathElements; k++) {
                    double[] p = elements.get(k);
                    if (Math.hypot(x - p[0], y - p[1]) < elementSpacing * 0.8) free = false;
                }
                if (free) elements.add(new double[] {x, y, a});
            }
        }
        BasicStroke stroke = new BasicStroke((float) lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
        double m = c.renderPixels(1);
        BasicStroke wide = new BasicStroke((float) (lineWidth + 2 * m), BasicStroke.CAP_SQUARE, BasicStroke.JOIN_MITER);
        Area drawn = new Area(), clear = new Area();
        for (double[] e : elements) {
            double dx = lineLength / 2 * Math.cos(e[2]), dy = lineLength / 2 * Math.sin(e[2]);
            Line2D.Double l = new Line2D.Double(e[0] - dx, e[1] - dy, e[0] + dx, e[1] + dy);
            drawn.add(new Area(stroke.createStrokedShape(l)));
            clear.add(new Area(wide.createStrokedShape(l)));
        }
        c.fill(drawn, Color.BLACK);
        double tMin = t0, tMax = t0 + (pathElements - 1) * dTheta(), half = bandWidth / 2;
        Mask path = c.mask("path-gaps", (x, y) -> onArc(x, y, arcRadius, tMin, tMax, half) && !clear.contains(x, y));
        Mask control = c.mask("control-gaps",
                (x, y) -> onArc(x, y, arcRadius + controlOffset, tMin, tMax, half) && !clear.contains(x, y));
        return RenderedStimulus.of(c.toRgbImage(), List.of(path, control, c.mask("elements", drawn)));
    }

    private boolean onArc(double x, double y, double radius, double tMin, double tMax, double half) {
        double[] o = arcCentre();
        double r = Math.hypot(x - o[0], y - o[1]);
        double t = Math.atan2(y - o[1], x - o[0]);
        return Math.abs(r - radius) <= half && t >= tMin && t <= tMax;
    }

    static List<ParamSpec> params() {
        GroupingByContinuity d = new GroupingByContinuity();
        return List.of(
                ParamSpec.integer("pathElements", d.pathElements, 2, 40, "elements on the contour path"),
                ParamSpec.number("arcRadius", d.arcRadius, 30, 1000, "radius of curvature of the path"),
                ParamSpec.number("spacing", d.elementSpacing, 6, 56, "distance between elements"),
                ParamSpec.number("length", d.lineLength, 1, 55, "element length (under spacing)"),
                ParamSpec.number("lineWidth", d.lineWidth, 0.2, 10, "element line width"),
                ParamSpec.bool("aligned", true, "path elements follow the path (false: control)"),
                ParamSpec.integer("seed", d.seed, Long.MIN_VALUE, Long.MAX_VALUE, "seed of jitter and orientations"),
                ParamSpec.number("band", d.bandWidth, 1, 40, "width of the measuring bands"),
                ParamSpec.number("controlOffset", d.controlOffset, -100, 100, "radial shift of the control band"));
    }

    static GroupingByContinuity fromParams(Params p) {
        return new GroupingByContinuity((int) p.integer("pathElements"), p.number("arcRadius"), p.number("spacing"),
                p.number("length"), p.number("lineWidth"), p.bool("aligned"), p.integer("seed"), p.number("band"),
                p.number("controlOffset"));
    }
}
