package illusions.stimuli;

/**
 * Kanizsa's illusory square: four black "pacman" inducers on white (or white on black) whose
 * mouths cut the corners of a square that is not drawn.
 *
 * <p>Methods-section reading (lengths in pixels of the 224-px reference image, scaled at render):
 * the inducers are discs of radius {@code inducerRadius} centred on the corners of a square of
 * side {@code side} centred at ({@code centreX}, {@code centreY}); from each disc a 90-degree
 * sector facing the square's interior is removed, so the illusory side equals the distance between
 * neighbouring inducer centres. The defaults put the illusory edges at x = 51 / 173 and
 * y = 51 / 173, where the reference analysis sampled them (x = 50 / 173, y = 51 / 171), with a
 * support ratio (2 x radius / side) of 0.49.
 *
 * <p>Controls: {@code inducerRotationDeg} turns every inducer about its own centre, clockwise
 * (90 = the standard rotated-inducer control, 15 = slightly rotated, 180 = facing outwards);
 * {@code realContours} draws the square's sides between the inducers. Measuring masks (see
 * {@link PacmanFigure}) depend only on the square, the radius and the band settings.
 *
 * @param side               illusory side = distance between neighbouring inducer centres
 * @param inducerRadius      radius of each inducer disc
 * @param centreX            x of the square's centre
 * @param centreY            y of the square's centre
 * @param polarity           inducer colour on background colour
 * @param inducerRotationDeg rotation of every inducer about its centre, degrees clockwise
 * @param realContours       draw the square's sides (real-contour control)
 * @param contourWidth       line width of the real contours
 * @param bandWidth          width of the measuring bands (the reference used 5 px)
 * @param controlOffset      distance from each side's line to its control band, outward
 */
public record KanizsaSquare(double side, double inducerRadius, double centreX, double centreY, Polarity polarity,
        double inducerRotationDeg, boolean realContours, double contourWidth, double bandWidth,
        double controlOffset) implements Stimulus {

    public static final double DEFAULT_SIDE = 122;
    public static final double DEFAULT_RADIUS = 30;
    public static final double DEFAULT_CENTRE = 112;
    public static final double DEFAULT_CONTOUR_WIDTH = 2;
    public static final double DEFAULT_BAND_WIDTH = 5;
    public static final double DEFAULT_CONTROL_OFFSET = 25;
    /** Rotation of the standard rotated-inducer control. */
    public static final double ROTATED_DEG = 90;
    public static final double SLIGHTLY_ROTATED_DEG = 15;
    public static final double OUTWARD_DEG = 180;
    /** Side of the inducers-too-far-apart control: same inducers, support ratio 0.375 instead of 0.49. */
    public static final double FAR_APART_SIDE = 160;

    /** Edge names in vertex order: corners top-left, top-right, bottom-right, bottom-left. */
    static final String[] SIDE_NAMES = {"top", "right", "bottom", "left"};

    public KanizsaSquare {
        Check.positive("side", side);
        Check.positive("inducerRadius", inducerRadius);
        Check.positive("contourWidth", contourWidth);
        Check.positive("bandWidth", bandWidth);
        Check.nonNull("polarity", polarity);
        Check.finite("inducerRotationDeg", inducerRotationDeg);
        Check.finite("controlOffset", controlOffset);
        if (2 * inducerRadius >= side) {
            throw new IllegalArgumentException("inducers overlap: 2 x inducerRadius (" + 2 * inducerRadius
                    + ") must be smaller than side (" + side + ")");
        }
        Check.insideFrame("inducers", centreX, centreY, side / 2 + inducerRadius);
        Check.insideFrame("control bands", centreX, centreY, side / 2 + Math.max(0, controlOffset) + bandWidth / 2);
    }

    /** The standard Kanizsa square: black inducers on white, defaults above. */
    public KanizsaSquare() {
        this(DEFAULT_SIDE, DEFAULT_RADIUS, DEFAULT_CENTRE, DEFAULT_CENTRE, Polarity.BLACK_ON_WHITE, 0, false,
                DEFAULT_CONTOUR_WIDTH, DEFAULT_BAND_WIDTH, DEFAULT_CONTROL_OFFSET);
    }

    public KanizsaSquare withSide(double s) {
        return new KanizsaSquare(s, inducerRadius, centreX, centreY, polarity, inducerRotationDeg, realContours,
                contourWidth, bandWidth, controlOffset);
    }

    public KanizsaSquare withInducerRadius(double r) {
        return new KanizsaSquare(side, r, centreX, centreY, polarity, inducerRotationDeg, realContours,
                contourWidth, bandWidth, controlOffset);
    }

    public KanizsaSquare withCentre(double x, double y) {
        return new KanizsaSquare(side, inducerRadius, x, y, polarity, inducerRotationDeg, realContours,
                contourWidth, bandWidth, controlOffset);
    }

    public KanizsaSquare withPolarity(Polarity p) {
        return new KanizsaSquare(side, inducerRadius, centreX, centreY, p, inducerRotationDeg, realContours,
                contourWidth, bandWidth, controlOffset);
    }

    public KanizsaSquare withInducerRotation(double deg) {
        return new KanizsaSquare(side, inducerRadius, centreX, centreY, polarity, deg, realContours,
                contourWidth, bandWidth, controlOffset);
    }

    public KanizsaSquare withRealContours(boolean drawn) {
        return new KanizsaSquare(side, inducerRadius, centreX, centreY, polarity, inducerRotationDeg, drawn,
                contourWidth, bandWidth, controlOffset);
    }

    /** Main control: every inducer turned 90 degrees, so the mouths no longer bound one square. */
    public KanizsaSquare rotatedControl() { return withInducerRotation(ROTATED_DEG); }

    public KanizsaSquare slightlyRotatedControl() { return withInducerRotation(SLIGHTLY_ROTATED_DEG); }

    public KanizsaSquare outwardControl() { return withInducerRotation(OUTWARD_DEG); }

    /** Same inducers further apart; re-centred offsets are kept, so it must still fit the frame. */
    public KanizsaSquare farApartControl() { return withSide(FAR_APART_SIDE); }

    public KanizsaSquare realContourControl() { return withRealContours(true); }

    /** Inducer centres = the square's corners {x, y}: top-left, top-right, bottom-right, bottom-left. */
    public double[][] corners() {
        double h = side / 2;
        return new double[][] {
            {centreX - h, centreY - h}, {centreX + h, centreY - h}, {centreX + h, centreY + h}, {centreX - h, centreY + h}
        };
    }

    /** Direction (degrees clockwise from +x) that inducer i's mouth opens towards. */
    public double mouthDirectionDeg(int i) { return figure().mouthBisectorDeg(i); }

    PacmanFigure figure() {
        return new PacmanFigure(corners(), SIDE_NAMES, "square-interior", inducerRadius, inducerRotationDeg, polarity,
                realContours, contourWidth, bandWidth, controlOffset);
    }

    /**
     * Masks: {@code illusory-edges}, {@code inducers}, {@code control-band}, {@code square-interior}
     * (mutually disjoint), then {@code illusory-edge-top|right|bottom|left} (partitioning
     * {@code illusory-edges}, for statistics across edges).
     */
    @Override
    public RenderedStimulus render(int size) { return figure().render(size); }

    static java.util.List<ParamSpec> params() {
        return java.util.List.of(
                ParamSpec.number("side", DEFAULT_SIDE, 10, 224, "illusory side = distance between inducer centres"),
                ParamSpec.number("radius", DEFAULT_RADIUS, 1, 112, "inducer disc radius"),
                ParamSpec.number("cx", DEFAULT_CENTRE, 0, 224, "x of the square's centre"),
                ParamSpec.number("cy", DEFAULT_CENTRE, 0, 224, "y of the square's centre"),
                ParamSpec.choice("polarity", Polarity.BLACK_ON_WHITE.label(), Polarities.LABELS,
                        "inducer colour on background"),
                ParamSpec.number("rotation", 0, -360, 360, "rotation of every inducer about its centre, deg clockwise"),
                ParamSpec.bool("contours", false, "draw the square's sides (real-contour control)"),
                ParamSpec.number("contourWidth", DEFAULT_CONTOUR_WIDTH, 0.1, 20, "line width of real contours"),
                ParamSpec.number("band", DEFAULT_BAND_WIDTH, 1, 40, "width of the measuring bands"),
                ParamSpec.number("controlOffset", DEFAULT_CONTROL_OFFSET, 0, 100,
                        "outward shift of the control band from each side"));
    }

    static KanizsaSquare fromParams(Params p) {
        return new KanizsaSquare(p.number("side"), p.number("radius"), p.number("cx"), p.number("cy"),
                p.polarity("polarity"), p.number("rotation"), p.bool("contours"), p.number("contourWidth"),
                p.number("band"), p.number("controlOffset"));
    }
}
