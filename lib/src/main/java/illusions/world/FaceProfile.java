package illusions.world;

import java.awt.Shape;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A parametric profile head facing +x (y down), crown at y = -1, chin near y = 0.75, neck below to
 * y = 1.55. The fields are the shape of one identity; {@link #identity(int)} draws them from the
 * identity index alone. Lengths are in head units (crown to chin about 1.75).
 *
 * @param headHeight     vertical stretch of the whole head (tall and narrow vs short and deep)
 * @param skullBack      x of the back of the skull
 * @param foreheadSlope  how far the top of the forehead lies behind the brow
 * @param brow           brow-ridge protrusion over the nasion
 * @param nasion         depth of the dip between brow and nose
 * @param noseLength     protrusion of the nose tip beyond the brow line
 * @param noseDroop      vertical offset of the tip (negative: upturned, positive: hooked)
 * @param noseBridge     bulge of the bridge (positive: aquiline, negative: concave)
 * @param noseBase       how far the underside of the nose runs back (columella depth)
 * @param upperLip       upper-lip protrusion beyond the brow line
 * @param lowerLip       lower-lip protrusion beyond the brow line
 * @param chin           chin protrusion beyond the brow line
 * @param chinDepth      vertical extent of the chin (pointed and short vs long and square)
 * @param jaw            y where the under-chin line meets the throat (the jaw angle)
 * @param neck           neck thickness
 * @param hairFront      y of the hairline on the forehead
 * @param hairBack       y where the hair ends at the back of the head
 * @param hairVolume     how far the hair stands out of the skull
 * @param earY           vertical position of the ear
 */
public record FaceProfile(double headHeight, double skullBack, double foreheadSlope, double brow, double nasion,
        double noseLength, double noseDroop, double noseBridge, double noseBase, double upperLip, double lowerLip,
        double chin, double chinDepth, double jaw, double neck, double hairFront, double hairBack, double hairVolume,
        double earY) {

    /** The range of each parameter, in field order: {lo, hi}. */
    static final double[][] RANGES = {
        {0.9, 1.12}, {-0.98, -0.72}, {0.0, 0.24}, {0.0, 0.08}, {0.02, 0.1},
        {0.12, 0.34}, {-0.06, 0.09}, {-0.045, 0.05}, {0.0, 0.12}, {-0.05, 0.08}, {-0.07, 0.07},
        {-0.12, 0.1}, {0.0, 1.0}, {0.78, 0.98}, {0.5, 0.78}, {-0.86, -0.6}, {-0.15, 0.45}, {0.0, 0.09},
        {-0.16, 0.02},
    };

    /** Fields that shape the facial profile itself (brow to chin): identities must differ here. */
    private static final int[] FACE_DETAIL = {2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private static final long IDENTITY_SALT = 0xFACE5EEDL;

    /** Identities 0..{@value #SEPARATED}-1 are drawn at least this far apart (detail fields, unit ranges). */
    private static final double MIN_DETAIL_DISTANCE = 0.75;
    static final int SEPARATED = 64;
    private static final FaceProfile[] SEPARATED_TABLE = separatedIdentities();

    /**
     * The profile of identity {@code k}: a function of {@code k} only (not of any world seed), so
     * the same identity looks the same in every world and every probe set. The first
     * {@value #SEPARATED} identities are drawn one after another, each redrawn until its face
     * detail is far enough from all earlier ones, so no two training classes are near twins.
     */
    public static FaceProfile identity(int k) {
        if (k < 0) throw new IllegalArgumentException("identity index must be >= 0, got " + k);
        if (k < SEPARATED) return SEPARATED_TABLE[k];
        return random(new SplittableRandom(World.mix(IDENTITY_SALT, k)));
    }

    private static FaceProfile[] separatedIdentities() {
        FaceProfile[] table = new FaceProfile[SEPARATED];
        for (int k = 0; k < SEPARATED; k++) {
            SplittableRandom rng = new SplittableRandom(World.mix(IDENTITY_SALT, k));
            FaceProfile best = null;
            double bestDist = -1;
            for (int attempt = 0; attempt < 200; attempt++) {
                FaceProfile p = random(rng);
                double d = Double.MAX_VALUE;
                for (int j = 0; j < k; j++) d = Math.min(d, p.detailDistance(table[j]));
                if (d > bestDist) { best = p; bestDist = d; }
                if (d >= MIN_DETAIL_DISTANCE) break;
            }
            table[k] = best;
        }
        return table;
    }

    static FaceProfile random(SplittableRandom rng) {
        double[] v = new double[RANGES.length];
        for (int i = 0; i < v.length; i++) v[i] = RANGES[i][0] + (RANGES[i][1] - RANGES[i][0]) * rng.nextDouble();
        return of(v);
    }

    private static FaceProfile of(double[] v) {
        return new FaceProfile(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12],
                v[13], v[14], v[15], v[16], v[17], v[18]);
    }

    double[] values() {
        return new double[] {headHeight, skullBack, foreheadSlope, brow, nasion, noseLength, noseDroop, noseBridge,
                noseBase, upperLip, lowerLip, chin, chinDepth, jaw, neck, hairFront, hairBack, hairVolume, earY};
    }

    /** Euclidean distance over the face-detail fields, each scaled to its range. */
    double detailDistance(FaceProfile o) {
        double[] a = values(), b = o.values();
        double s = 0;
        for (int i : FACE_DETAIL) {
            double d = (a[i] - b[i]) / (RANGES[i][1] - RANGES[i][0]);
            s += d * d;
        }
        return Math.sqrt(s);
    }

    /** The same identity with every field moved by up to {@code amount} of its range (expression, individual look). */
    FaceProfile jittered(double amount, SplittableRandom rng) {
        return of(jitter(values(), RANGES, amount, rng));
    }

    /** Each value moved by up to {@code amount} of its range, in order, and kept inside it (used by {@link FaceFeatures} too). */
    static double[] jitter(double[] v, double[][] ranges, double amount, SplittableRandom rng) {
        for (int i = 0; i < v.length; i++) {
            double span = ranges[i][1] - ranges[i][0];
            v[i] = Math.max(ranges[i][0], Math.min(ranges[i][1], v[i] + amount * span * (2 * rng.nextDouble() - 1)));
        }
        return v;
    }

    // ---- geometry (x forward, y down; B is the brow line) ---------------------------------------

    private static final double B = 0.62;

    /** Silhouette control points with their smoothness (1 smooth, 0 a corner). */
    private List<double[]> controlPoints() {
        List<double[]> p = new ArrayList<>();
        double nf = 0.22 - 0.25 * (neck - 0.5);      // neck front
        double nb = nf - neck;                       // neck back
        double tipX = B + noseLength, tipY = -0.02 + noseDroop;
        double nasX = B - nasion, nasY = -0.27;
        double chinBottomY = 0.66 + 0.12 * chinDepth;
        p.add(new double[] {-0.12, -1.0, 1});
        p.add(new double[] {B - 0.1 - foreheadSlope, -0.8, 1});
        p.add(new double[] {B - 0.02 - 0.45 * foreheadSlope, -0.57, 1});
        p.add(new double[] {B + brow, -0.37, 1});
        p.add(new double[] {nasX, nasY, 0.7});
        // mid-bridge: halfway nasion -> tip, pushed out (aquiline) or in (concave)
        double mx = (nasX + tipX) / 2, my = (nasY + tipY) / 2;
        double len = Math.hypot(tipX - nasX, tipY - nasY);
        p.add(new double[] {mx + noseBridge * (tipY - nasY) / len, my - noseBridge * (tipX - nasX) / len, 1});
        p.add(new double[] {tipX, tipY, 0.45});
        p.add(new double[] {B + 0.5 * noseLength - 0.5 * noseBase + 0.02, 0.09 + 0.5 * noseDroop, 0.6});
        p.add(new double[] {B - 0.05 - 0.3 * noseBase, 0.13, 0.5});
        p.add(new double[] {B + upperLip, 0.23, 0.9});
        p.add(new double[] {B - 0.05 + 0.3 * Math.min(upperLip, lowerLip), 0.3, 0.4});
        p.add(new double[] {B + lowerLip, 0.38, 0.9});
        p.add(new double[] {B - 0.1 + 0.35 * chin, 0.47 + 0.03 * chinDepth, 0.8});
        p.add(new double[] {B + chin, 0.56 + 0.07 * chinDepth, 1});
        p.add(new double[] {B - 0.1 + 0.6 * chin - 0.06 * chinDepth, chinBottomY, 0.3 + 0.6 * chinDepth});
        p.add(new double[] {(B - 0.1 + nf) / 2, (chinBottomY + jaw) / 2 + 0.02, 1});
        p.add(new double[] {nf + 0.02, jaw + 0.05, 0.8});
        p.add(new double[] {nf - 0.1, 1.55, 0});      // the neck leans back a little and widens
        p.add(new double[] {nb - 0.16, 1.55, 0});
        p.add(new double[] {nb + 0.02, 0.62, 0.8});
        p.add(new double[] {skullBack + 0.06, 0.12, 1});
        p.add(new double[] {skullBack, -0.3, 1});
        p.add(new double[] {skullBack + 0.22, -0.82, 1});
        for (double[] q : p) q[1] *= headHeight;
        return p;
    }

    /** The head and neck as one smooth closed path (a Catmull-Rom spline through the control points). */
    public Path2D.Double silhouette() {
        return closedSpline(controlPoints());
    }

    /** y of the chin bottom (head units, after the height stretch): crown to chin is the head's height. */
    double chinBottom() {
        return (0.66 + 0.12 * chinDepth) * headHeight;
    }

    /** y of the neck's lower cut. */
    double neckBottom() {
        return 1.55 * headHeight;
    }

    /** The hair: the part of the (slightly enlarged) skull above and behind the hairline. */
    public Shape hair() {
        double h = headHeight;
        Area skull = new Area(silhouette());
        double v = hairVolume;
        skull.add(new Area(new Ellipse2D.Double(skullBack - v, (-1.0 - v) * h, (B - skullBack) * 0.9 + 2 * v,
                (1.1 + 2 * v) * h)));
        Path2D.Double region = new Path2D.Double();
        region.moveTo(B + 0.6, -2 * h);
        region.lineTo(B + 0.6, (hairFront - 0.05) * h);
        region.lineTo(B - 0.22, (hairFront + 0.02) * h);
        region.quadTo(B - 0.4, (hairFront + 0.06) * h, 0.0, (earY - 0.25) * h);
        region.quadTo(-0.2, (earY - 0.22) * h, -0.32, earY * h);
        region.quadTo(skullBack + 0.25, hairBack * h, skullBack - 0.5, (hairBack + 0.08) * h);
        region.lineTo(skullBack - 0.5, -2 * h);
        region.closePath();
        Area hair = new Area(region);
        hair.intersect(skull);
        return hair;
    }

    /** Eye centre (x, y): behind the nose bridge. */
    Point2D.Double eye() {
        return new Point2D.Double(B - 0.17 - 0.6 * nasion, -0.2 * headHeight);
    }

    /** Ear centre. */
    Point2D.Double ear() {
        return new Point2D.Double(-0.22 + 0.1 * (skullBack + 0.85), earY * headHeight);
    }

    /** Mouth corner line: from the lips' meeting point backwards. */
    double[] mouth() {
        double x0 = B - 0.03 + 0.3 * Math.min(upperLip, lowerLip);
        return new double[] {x0, 0.3 * headHeight, x0 - 0.13, 0.285 * headHeight};
    }

    // ---- splines --------------------------------------------------------------------------------

    /** A closed Catmull-Rom spline through points {x, y, smoothness}, as cubic Beziers. */
    static Path2D.Double closedSpline(List<double[]> pts) {
        int n = pts.size();
        Path2D.Double path = new Path2D.Double();
        path.moveTo(pts.get(0)[0], pts.get(0)[1]);
        for (int i = 0; i < n; i++) {
            double[] p0 = pts.get((i - 1 + n) % n), p1 = pts.get(i), p2 = pts.get((i + 1) % n), p3 = pts.get((i + 2) % n);
            double s1 = p1[2] / 6, s2 = p2[2] / 6;
            path.curveTo(p1[0] + s1 * (p2[0] - p0[0]), p1[1] + s1 * (p2[1] - p0[1]),
                    p2[0] - s2 * (p3[0] - p1[0]), p2[1] - s2 * (p3[1] - p1[1]), p2[0], p2[1]);
        }
        path.closePath();
        return path;
    }
}
