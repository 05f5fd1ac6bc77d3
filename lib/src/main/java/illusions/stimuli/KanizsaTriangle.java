package illusions.stimuli;

import java.util.List;

/**
 * Kanizsa's illusory triangle: three pacman inducers with 60-degree mouths at the corners of an
 * upward-pointing equilateral triangle of side {@code side} whose centroid is at
 * ({@code centreX}, {@code centreY}). Masks as for {@link KanizsaSquare}, with sides
 * {@code right}, {@code bottom}, {@code left} and interior {@code triangle-interior}.
 * Control: {@code inducerRotationDeg} = 90 (rotated inducers).
 */
public record KanizsaTriangle(double side, double inducerRadius, double centreX, double centreY, Polarity polarity,
        double inducerRotationDeg, boolean realContours, double bandWidth, double controlOffset) implements Stimulus {

    static final String[] SIDE_NAMES = {"right", "bottom", "left"};

    public KanizsaTriangle {
        Check.positive("side", side);
        Check.positive("inducerRadius", inducerRadius);
        Check.positive("bandWidth", bandWidth);
        Check.nonNull("polarity", polarity);
        Check.finite("inducerRotationDeg", inducerRotationDeg);
        Check.finite("controlOffset", controlOffset);
        if (2 * inducerRadius >= side) {
            throw new IllegalArgumentException("inducers overlap: 2 x inducerRadius (" + 2 * inducerRadius
                    + ") must be smaller than side (" + side + ")");
        }
        double circumradius = side / Math.sqrt(3);
        Check.insideFrame("inducers", centreX, centreY, circumradius + inducerRadius);
        Check.insideFrame("control bands", centreX, centreY, circumradius + Math.max(0, controlOffset) + bandWidth / 2);
    }

    public KanizsaTriangle() {
        this(130, 26, 112, 118, Polarity.BLACK_ON_WHITE, 0, false, 5, 20);
    }

    public KanizsaTriangle withInducerRotation(double deg) {
        return new KanizsaTriangle(side, inducerRadius, centreX, centreY, polarity, deg, realContours, bandWidth,
                controlOffset);
    }

    public KanizsaTriangle rotatedControl() { return withInducerRotation(90); }

    /** Vertices {x, y}: top, bottom-right, bottom-left (clockwise on screen). */
    public double[][] vertices() {
        double r = side / Math.sqrt(3);
        double[][] v = new double[3][];
        for (int i = 0; i < 3; i++) {
            double a = Math.toRadians(-90 + 120 * i);
            v[i] = new double[] {centreX + r * Math.cos(a), centreY + r * Math.sin(a)};
        }
        return v;
    }

    public double mouthDirectionDeg(int i) { return figure().mouthBisectorDeg(i); }

    PacmanFigure figure() {
        return new PacmanFigure(vertices(), SIDE_NAMES, "triangle-interior", inducerRadius, inducerRotationDeg,
                polarity, realContours, 2, bandWidth, controlOffset);
    }

    @Override
    public RenderedStimulus render(int size) { return figure().render(size); }

    static List<ParamSpec> params() {
        KanizsaTriangle d = new KanizsaTriangle();
        return List.of(
                ParamSpec.number("side", d.side, 10, 224, "illusory side = distance between inducer centres"),
                ParamSpec.number("radius", d.inducerRadius, 1, 112, "inducer disc radius"),
                ParamSpec.number("cx", d.centreX, 0, 224, "x of the triangle's centroid"),
                ParamSpec.number("cy", d.centreY, 0, 224, "y of the triangle's centroid"),
                ParamSpec.choice("polarity", d.polarity.label(), Polarities.LABELS, "inducer colour on background"),
                ParamSpec.number("rotation", 0, -360, 360, "rotation of every inducer about its centre, deg clockwise"),
                ParamSpec.bool("contours", false, "draw the triangle's sides (real-contour control)"),
                ParamSpec.number("band", d.bandWidth, 1, 40, "width of the measuring bands"),
                ParamSpec.number("controlOffset", d.controlOffset, 0, 100, "outward shift of the control band"));
    }

    static KanizsaTriangle fromParams(Params p) {
        return new KanizsaTriangle(p.number("side"), p.number("radius"), p.number("cx"), p.number("cy"),
                p.polarity("polarity"), p.number("rotation"), p.bool("contours"), p.number("band"),
                p.number("controlOffset"));
    }
}
