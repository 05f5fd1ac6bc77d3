package illusions.stimuli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Area;
import java.awt.geom.Line2D;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Lamme's texture-defined figure-ground stimulus: short line segments on a jittered lattice,
 * oriented {@code groundDeg} everywhere except inside a centred square of side
 * {@code figureSide}, where they are oriented {@code figureDeg}. The square segregates from the
 * ground only by orientation. Control: {@code figureDeg = groundDeg} (homogeneous texture, same
 * masks). Jitter is seeded.
 *
 * <p>Masks: {@code figure} (inside the square, {@code bandWidth/2} from its border),
 * {@code ground} (outside, same distance) and {@code boundary}.
 */
public record FigureGroundTexture(double figureSide, double figureDeg, double groundDeg, double spacing,
        double lineLength, double lineWidth, double jitter, long seed, double bandWidth) implements Stimulus {

    static final double C = REFERENCE_SIZE / 2.0;

    public FigureGroundTexture {
        Check.range("figureSide", figureSide, 8, 200);
        Check.range("spacing", spacing, 3, 56);
        Check.positive("lineLength", lineLength);
        Check.positive("lineWidth", lineWidth);
        Check.nonNegative("jitter", jitter);
        Check.positive("bandWidth", bandWidth);
        Check.finite("figureDeg", figureDeg);
        Check.finite("groundDeg", groundDeg);
    }

    public FigureGroundTexture() { this(80, 45, 135, 9, 7, 1.5, 1.5, 1, 9); }

    public FigureGroundTexture homogeneousControl() {
        return new FigureGroundTexture(figureSide, groundDeg, groundDeg, spacing, lineLength, lineWidth, jitter, seed,
                bandWidth);
    }

    private boolean inFigure(double x, double y) {
        return Math.abs(x - C) < figureSide / 2 && Math.abs(y - C) < figureSide / 2;
    }

    @Override
    public RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Color.WHITE);
        SplittableRandom rng = new SplittableRandom(seed);
        BasicStroke stroke = new BasicStroke((float) lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER);
        Area lines = new Area();
        int n = (int) Math.ceil(REFERENCE_SIZE / spacing);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double x = (j + 0.5) * spacing + (rng.nextDouble() * 2 - 1) * jitter;
                double y = (i + 0.5) * spacing + (rng.nextDouble() * 2 - 1) * jitter;
                double a = Math.toRadians(inFigure(x, y) ? figureDeg : groundDeg);
                double dx = lineLength / 2 * Math.cos(a), dy = lineLength / 2 * Math.sin(a);
                lines.add(new Area(stroke.createStrokedShape(new Line2D.Double(x - dx, y - dy, x + dx, y + dy))));
            }
        }
        c.fill(lines, Color.BLACK);
        double h = figureSide / 2, b = bandWidth / 2;
        Mask figure = c.mask("figure", (x, y) -> Math.max(Math.abs(x - C), Math.abs(y - C)) < h - b);
        Mask ground = c.mask("ground", (x, y) -> Math.max(Math.abs(x - C), Math.abs(y - C)) > h + b);
        Mask boundary = c.mask("boundary", (x, y) -> Math.abs(Math.max(Math.abs(x - C), Math.abs(y - C)) - h) <= b);
        return RenderedStimulus.of(c.toRgbImage(), List.of(figure, ground, boundary));
    }

    static List<ParamSpec> params() {
        FigureGroundTexture d = new FigureGroundTexture();
        return List.of(
                ParamSpec.number("side", d.figureSide, 8, 200, "side of the centred figure square"),
                ParamSpec.number("figureDeg", d.figureDeg, -180, 180, "orientation of figure lines, deg clockwise"),
                ParamSpec.number("groundDeg", d.groundDeg, -180, 180, "orientation of ground lines"),
                ParamSpec.number("spacing", d.spacing, 3, 56, "lattice spacing of the line elements"),
                ParamSpec.number("length", d.lineLength, 1, 56, "line element length"),
                ParamSpec.number("lineWidth", d.lineWidth, 0.2, 10, "line element width"),
                ParamSpec.number("jitter", d.jitter, 0, 20, "max position jitter of each element"),
                ParamSpec.integer("seed", d.seed, Long.MIN_VALUE, Long.MAX_VALUE, "seed of the jitter"),
                ParamSpec.number("band", d.bandWidth, 1, 40, "width of the boundary band left out of both masks"));
    }

    static FigureGroundTexture fromParams(Params p) {
        return new FigureGroundTexture(p.number("side"), p.number("figureDeg"), p.number("groundDeg"),
                p.number("spacing"), p.number("length"), p.number("lineWidth"), p.number("jitter"), p.integer("seed"),
                p.number("band"));
    }
}
