package illusions.world;

import illusions.image.RgbImage;
import illusions.stimuli.Polarity;
import illusions.stimuli.RubinVase;
import illusions.stimuli.Stimulus;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Probe images matched to what a Rubin readout reads (docs/rubin-protocol.md, readouts version 2):
 * a Rubin figure with a random profile ({@link RubinVase} with half-width, brow, nose, lips and chin
 * drawn at random) in either polarity, to which <b>face cues</b> are added inside the face regions
 * (label 0: eye, brow, nostril, mouth line, ear, hairline, mirrored with jitter) or <b>vase cues</b>
 * inside the vase region (label 1: rim band, foot band, decoration bands, a highlight stripe, a row
 * of dots). Each cue is present with probability {@value #CUE_PROBABILITY} (at least one always is),
 * at a contrast drawn in [0.3, 1] towards the other region's tone. Label-independent blotches in
 * both regions and per-channel pixel noise (sigma in [0, {@value #MAX_NOISE}]) are added, so that
 * neither the silhouette nor "some structure appeared" tells the label; only what kind of
 * structure, and where, does.
 *
 * <p>Image {@code i} depends only on (size, seed, i); its label is {@code i mod 2}. Not a training
 * world.
 */
public final class RubinCueImages implements World {
    public static final List<String> CLASS_NAMES = ProbeImages.CLASS_NAMES;
    public static final int FACE = ProbeImages.FACE, VASE = ProbeImages.VASE;
    static final double CUE_PROBABILITY = 0.7;
    static final double MAX_NOISE = 0.2;
    private static final long SALT = 0x7C0E5L;
    private static final double H = Stimulus.REFERENCE_SIZE;
    private static final double MID = H / 2;

    /** @param size side of the square image in pixels */
    public record Params(int size) {
        public Params {
            if (size < 32 || size > 512) throw new IllegalArgumentException("cue image size must be in 32..512, got " + size);
        }
    }

    private final Params params;
    private final long seed;

    public RubinCueImages(int size, long seed) {
        this.params = new Params(size);
        this.seed = seed;
    }

    @Override public String name() { return "rubin-cues"; }

    @Override public List<String> classNames() { return CLASS_NAMES; }

    @Override public int size() { return params.size(); }

    @Override public long seed() { return seed; }

    @Override public Params params() { return params; }

    /** The random Rubin figure image {@code index} is drawn on (the first draws of its stream). */
    public RubinVase figure(long index) {
        return figure(new SplittableRandom(World.mix(seed ^ SALT, index)));
    }

    private static RubinVase figure(SplittableRandom rng) {
        Polarity p = rng.nextBoolean() ? Polarity.BLACK_ON_WHITE : Polarity.WHITE_ON_BLACK;
        double half = u(rng, 40, 60);
        return new RubinVase(RubinVase.Outline.PROFILE, p, half, u(rng, 4, 16), u(rng, 16, Math.min(34, half - 4)),
                u(rng, 4, 12), u(rng, 6, 20), 6);
    }

    @Override
    public Sample sample(long index) {
        int label = label(index);
        SplittableRandom rng = new SplittableRandom(World.mix(seed ^ SALT, index));
        RubinVase v = figure(rng);
        int size = params.size();
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ShapeWorld.canvas(img);
        try {
            double faceTone = v.polarity().backgroundGrey(), vaseTone = v.polarity().figureGrey();
            g.setColor(grey(faceTone));
            g.fillRect(0, 0, size, size);
            g.scale(size / H, size / H);
            Shape vaseShape = v.outlineShape();
            g.setColor(grey(vaseTone));
            g.fill(vaseShape);
            Area vase = new Area(vaseShape), faces = new Area(new Rectangle2D.Double(-1, -1, H + 2, H + 2));
            faces.subtract(vase);
            if (label == FACE) faceCues(g, v, faces, faceTone, vaseTone, rng);
            else vaseCues(g, v, vase, vaseTone, faceTone, rng);
            blotches(g, faces, faceTone, vaseTone, rng);
            blotches(g, vase, vaseTone, faceTone, rng);
        } finally {
            g.dispose();
        }
        return new Sample(noisy(img, MAX_NOISE * rng.nextDouble(), rng), label);
    }

    /** Eye, brow, nostril, mouth line, ear and hairline on both faces (the right one mirrors the left, with jitter). */
    private static void faceCues(Graphics2D g, RubinVase v, Area faces, double tone, double other, SplittableRandom rng) {
        boolean[] on = present(6, rng);
        for (int side = 0; side < 2; side++) {
            Graphics2D s = (Graphics2D) g.create();
            s.clip(faces);
            if (side == 1) { // mirror about the midline
                s.translate(H, 0);
                s.scale(-1, 1);
            }
            // x of the left profile at height y is MID - halfWidth(y); the face lies to its left.
            double eyeY = H * u(rng, 0.35, 0.39), eyeX = MID - v.profileHalfWidth(eyeY) - u(rng, 18, 30);
            if (on[0]) fill(s, new Ellipse2D.Double(eyeX - u(rng, 5, 8), eyeY - u(rng, 3, 5), u(rng, 10, 16), u(rng, 6, 10)), tone, other, rng);
            if (on[1]) stroke(s, new QuadCurve2D.Double(eyeX - 11, eyeY - 9, eyeX, eyeY - 13 - u(rng, 0, 3), eyeX + 11, eyeY - 8), u(rng, 2.5, 4.5), tone, other, rng);
            double noseY = H * u(rng, 0.47, 0.5), noseX = MID - v.profileHalfWidth(noseY) - u(rng, 8, 12);
            if (on[2]) fill(s, new Ellipse2D.Double(noseX - 3, noseY - 2, 6, 4), tone, other, rng);
            double mouthY = H * 0.62, mouthX = MID - v.profileHalfWidth(mouthY);
            if (on[3]) stroke(s, new Line2D.Double(mouthX - 2, mouthY, mouthX - u(rng, 12, 20), mouthY + u(rng, -2, 3)), u(rng, 2, 3.5), tone, other, rng);
            double earY = H * u(rng, 0.4, 0.46), earX = MID - v.profileHalfWidth(earY) - u(rng, 44, 54);
            if (on[4]) stroke(s, new Ellipse2D.Double(earX - 7, earY - 11, 14, 22), u(rng, 2.5, 4), tone, other, rng);
            if (on[5]) {
                Path2D.Double hair = new Path2D.Double();
                double front = MID - v.profileHalfWidth(H * 0.12) - u(rng, 4, 10);
                hair.moveTo(-1, -1);
                hair.lineTo(front, -1);
                hair.quadTo(front - 10, H * u(rng, 0.1, 0.16), front - 40, H * u(rng, 0.2, 0.26));
                hair.lineTo(-1, H * 0.3);
                hair.closePath();
                fill(s, hair, tone, other, rng);
            }
            s.dispose();
        }
    }

    /** Rim band, foot band, decoration bands, a highlight stripe and a row of dots inside the vase. */
    private static void vaseCues(Graphics2D g, RubinVase v, Area vase, double tone, double other, SplittableRandom rng) {
        boolean[] on = present(5, rng);
        Graphics2D s = (Graphics2D) g.create();
        s.clip(vase);
        if (on[0]) band(s, H * u(rng, 0.04, 0.1), u(rng, 3, 6), tone, other, rng);
        if (on[1]) band(s, H * u(rng, 0.9, 0.96), u(rng, 3, 6), tone, other, rng);
        if (on[2]) {
            int n = 1 + rng.nextInt(2);
            for (int k = 0; k < n; k++) band(s, H * (rng.nextBoolean() ? u(rng, 0.14, 0.24) : u(rng, 0.8, 0.87)), u(rng, 2, 4), tone, other, rng);
        }
        if (on[3]) {
            double x = MID + (rng.nextBoolean() ? 1 : -1) * u(rng, 14, 28);
            stroke(s, new Line2D.Double(x, H * 0.02, x + u(rng, -4, 4), H * 0.98), u(rng, 3, 7), tone, other, rng);
        }
        if (on[4]) {
            double y = H * (rng.nextBoolean() ? u(rng, 0.12, 0.2) : u(rng, 0.84, 0.9)), r = u(rng, 2, 3.5);
            for (double x = MID - 40; x <= MID + 40; x += u(rng, 9, 13)) fill(s, new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r), tone, other, rng);
        }
        s.dispose();
    }

    /** One to three small blotches of random shape and contrast inside {@code region}: structure that carries no label. */
    private static void blotches(Graphics2D g, Area region, double tone, double other, SplittableRandom rng) {
        Rectangle2D b = region.getBounds2D();
        Graphics2D s = (Graphics2D) g.create();
        s.clip(region);
        int n = 1 + rng.nextInt(3);
        for (int k = 0; k < n; k++) {
            double x = b.getMinX() + b.getWidth() * rng.nextDouble(), y = b.getMinY() + b.getHeight() * rng.nextDouble();
            double a = u(rng, 3, 10), c = u(rng, 3, 10);
            fill(s, AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), x, y)
                    .createTransformedShape(new Ellipse2D.Double(x - a, y - c, 2 * a, 2 * c)), tone, other, rng);
        }
        s.dispose();
    }

    private static void band(Graphics2D g, double y, double width, double tone, double other, SplittableRandom rng) {
        stroke(g, new Line2D.Double(0, y, H, y + u(rng, -2, 2)), width, tone, other, rng);
    }

    private static boolean[] present(int n, SplittableRandom rng) {
        boolean[] on = new boolean[n];
        boolean any = false;
        for (int i = 0; i < n; i++) any |= on[i] = rng.nextDouble() < CUE_PROBABILITY;
        if (!any) on[rng.nextInt(n)] = true;
        return on;
    }

    private static void fill(Graphics2D g, Shape s, double tone, double other, SplittableRandom rng) {
        g.setColor(grey(tone + u(rng, 0.3, 1) * (other - tone)));
        g.fill(s);
    }

    private static void stroke(Graphics2D g, Shape s, double width, double tone, double other, SplittableRandom rng) {
        g.setColor(grey(tone + u(rng, 0.3, 1) * (other - tone)));
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(s);
    }

    private static Color grey(double v) {
        float f = (float) Math.max(0, Math.min(1, v));
        return new Color(f, f, f);
    }

    private static double u(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }

    /** [0,1] floats plus independent Gaussian noise per channel (as GPI's diffusion noise is), clipped. */
    private static RgbImage noisy(BufferedImage img, double sigma, SplittableRandom rng) {
        int h = img.getHeight(), w = img.getWidth();
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        float[] d = new float[h * w * 3];
        for (int i = 0; i < rgb.length; i++) {
            for (int c = 0; c < 3; c++) {
                float x = ((rgb[i] >> (16 - 8 * c)) & 0xff) / 255f;
                if (sigma > 0) x += (float) (sigma * ShapeWorld.gaussian(rng));
                d[3 * i + c] = ShapeWorld.clampF(x);
            }
        }
        return new RgbImage(h, w, d);
    }
}
