package illusions.stimuli;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.util.ArrayList;
import java.util.List;

/**
 * A Kanizsa-type figure: a convex polygon whose vertices carry "pacman" inducers (discs with the
 * polygon's corner cut out), optionally with the polygon's sides drawn as real contours. Shared
 * by the Kanizsa square and triangle. All lengths in the 224-px reference frame.
 *
 * <p>Masks (all at pixel centres):
 * <ul>
 * <li>{@code illusory-edge-<side>}: a band of width {@code bandWidth} centred on one side, over
 *     the gap between the two inducers (from {@code radius + 1 render px} after one vertex to the
 *     same distance before the next), so it never touches inducer pixels;
 * <li>{@code illusory-edges}: their union;
 * <li>{@code inducers}: pixels inside the pacman shapes;
 * <li>{@code control-band}: each side's band moved outward, perpendicular to the side, by
 *     {@code controlOffset} (same width, same length: matched area), minus the inducer discs;
 * <li>the interior mask: inside the polygon, outside the bands and the inducer discs.
 * </ul>
 * The masks do not depend on the inducers' rotation or on real contours, so a stimulus and its
 * rotated or real-contour control are measured on the same pixels.
 */
final class PacmanFigure {
    private final double[][] vertices;
    private final String[] sideNames;
    private final String interiorName;
    private final double radius;
    private final double rotationDeg;
    private final Polarity polarity;
    private final boolean realContours;
    private final double contourWidth;
    private final double bandWidth;
    private final double controlOffset;

    PacmanFigure(double[][] vertices, String[] sideNames, String interiorName, double radius, double rotationDeg,
            Polarity polarity, boolean realContours, double contourWidth, double bandWidth, double controlOffset) {
        this.vertices = vertices;
        this.sideNames = sideNames;
        this.interiorName = interiorName;
        this.radius = radius;
        this.rotationDeg = rotationDeg;
        this.polarity = polarity;
        this.realContours = realContours;
        this.contourWidth = contourWidth;
        this.bandWidth = bandWidth;
        this.controlOffset = controlOffset;
    }

    /** Angle in degrees (clockwise on screen, 0 = +x) from vertex i to vertex j. */
    double directionDeg(int i, int j) {
        return Math.toDegrees(Math.atan2(vertices[j][1] - vertices[i][1], vertices[j][0] - vertices[i][0]));
    }

    /**
     * The mouth of inducer i as {start, extent} in degrees clockwise: it spans the polygon's
     * corner (from the direction of the next vertex to that of the previous one), turned by the
     * rotation.
     */
    double[] mouthDeg(int i) {
        int n = vertices.length;
        double toNext = directionDeg(i, (i + 1) % n);
        double toPrev = directionDeg(i, (i + n - 1) % n);
        double extent = normalise(toPrev - toNext);
        return new double[] {toNext + rotationDeg, extent};
    }

    /** Direction the mouth opens towards (its bisector), degrees clockwise. */
    double mouthBisectorDeg(int i) {
        double[] m = mouthDeg(i);
        return m[0] + m[1] / 2;
    }

    private static double normalise(double deg) {
        double d = deg % 360;
        if (d > 180) d -= 360;
        if (d <= -180) d += 360;
        return d;
    }

    Shape inducer(int i) {
        double cx = vertices[i][0], cy = vertices[i][1];
        Area disc = new Area(new Ellipse2D.Double(cx - radius, cy - radius, 2 * radius, 2 * radius));
        double[] m = mouthDeg(i);
        Path2D.Double wedge = new Path2D.Double();
        wedge.moveTo(cx, cy);
        int steps = 32;
        for (int k = 0; k <= steps; k++) {
            double a = Math.toRadians(m[0] + m[1] * k / steps);
            wedge.lineTo(cx + 2 * radius * Math.cos(a), cy + 2 * radius * Math.sin(a));
        }
        wedge.closePath();
        disc.subtract(new Area(wedge));
        return disc;
    }

    RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Canvas.grey(polarity.backgroundGrey()));
        Color figure = Canvas.grey(polarity.figureGrey());
        Area inducers = new Area();
        for (int i = 0; i < vertices.length; i++) inducers.add(new Area(inducer(i)));
        c.fill(inducers, figure);
        if (realContours) {
            for (int i = 0; i < vertices.length; i++) {
                double[] a = vertices[i], b = vertices[(i + 1) % vertices.length];
                double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
                double ux = (b[0] - a[0]) / len, uy = (b[1] - a[1]) / len;
                c.stroke(new Line2D.Double(a[0] + radius * ux, a[1] + radius * uy,
                        b[0] - radius * ux, b[1] - radius * uy), figure, contourWidth);
            }
        }

        double margin = c.renderPixels(1);
        double discR2 = (radius + margin) * (radius + margin);
        Canvas.RefTest nearInducer = (x, y) -> {
            for (double[] v : vertices) {
                double dx = x - v[0], dy = y - v[1];
                if (dx * dx + dy * dy <= discR2) return true;
            }
            return false;
        };
        List<Mask> masks = new ArrayList<>();
        Mask edges = null;
        Mask control = null;
        List<Mask> sides = new ArrayList<>();
        for (int i = 0; i < vertices.length; i++) {
            int side = i;
            Mask e = c.mask("illusory-edge-" + sideNames[i], (x, y) -> inBand(side, x, y, 0, margin));
            Mask k = c.mask("control-band-" + sideNames[i],
                    (x, y) -> inBand(side, x, y, controlOffset, margin) && !nearInducer.test(x, y));
            sides.add(e);
            edges = edges == null ? e : edges.union("illusory-edges", e);
            control = control == null ? k : control.union("control-band", k);
        }
        masks.add(edges.renamed("illusory-edges"));
        masks.add(c.mask("inducers", inducers));
        masks.add(control.renamed("control-band"));
        Path2D.Double polygon = new Path2D.Double();
        polygon.moveTo(vertices[0][0], vertices[0][1]);
        for (int i = 1; i < vertices.length; i++) polygon.lineTo(vertices[i][0], vertices[i][1]);
        polygon.closePath();
        Mask finalEdges = edges;
        masks.add(c.mask(interiorName, (x, y) -> polygon.contains(x, y) && !nearInducer.test(x, y))
                .minus(interiorName, finalEdges));
        masks.addAll(sides);
        return RenderedStimulus.of(c.toRgbImage(), masks);
    }

    /**
     * Whether (x, y) lies in side i's band: within bandWidth/2 of the side's line shifted outward
     * by {@code offset}, and along the side between the two inducer discs.
     */
    private boolean inBand(int i, double x, double y, double offset, double margin) {
        double[] a = vertices[i], b = vertices[(i + 1) % vertices.length];
        double len = Math.hypot(b[0] - a[0], b[1] - a[1]);
        double ux = (b[0] - a[0]) / len, uy = (b[1] - a[1]) / len;
        double[] n = outwardNormal(i, ux, uy);
        double px = x - a[0], py = y - a[1];
        double t = px * ux + py * uy;
        double d = px * n[0] + py * n[1];
        return t >= radius + margin && t <= len - radius - margin && Math.abs(d - offset) <= bandWidth / 2;
    }

    private double[] outwardNormal(int i, double ux, double uy) {
        double cx = 0, cy = 0;
        for (double[] v : vertices) {
            cx += v[0] / vertices.length;
            cy += v[1] / vertices.length;
        }
        double nx = -uy, ny = ux;
        double[] a = vertices[i];
        if ((a[0] - cx) * nx + (a[1] - cy) * ny < 0) {
            nx = -nx;
            ny = -ny;
        }
        return new double[] {nx, ny};
    }
}
