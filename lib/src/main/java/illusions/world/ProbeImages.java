package illusions.world;

import illusions.image.RgbImage;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The held-out probe set for linear "face vs vase" probes: label 0 is a profile face, label 1 a
 * vase. Faces are heads of identities {@value #FIRST_IDENTITY} and up, never a class of
 * {@link FaceWorld}; vases are Rubin-style urns ({@link ObjectWorld#probeVase}), a family other than
 * {@link ObjectWorld}'s vase. Both are rendered with their world's per-image variation (pose,
 * polarity, contrast, shading, clutter, noise), without occluders. A fraction of the images
 * ({@link Params#rubinFraction}) are Rubin pairs instead: two facing silhouettes of one identity,
 * labelled face when the two profiles are the figure and vase when the gap between them is.
 *
 * <p>Image {@code i} depends only on (params, seed, i); its label is {@code i mod 2}. Not a
 * training world, so not registered in {@link Worlds}.
 */
public final class ProbeImages implements World {
    public static final List<String> CLASS_NAMES = List.of("face", "vase");
    public static final int FACE = 0, VASE = 1;
    /** Probe faces use identities from here on (FaceWorld's classes are identities 0..23). */
    public static final int FIRST_IDENTITY = 1000;
    private static final int IDENTITY_POOL = 1_000_000;
    private static final long SALT = 0x960BE5L;

    /**
     * @param size          side of the square image in pixels
     * @param rubinFraction probability that an image is a Rubin pair rather than a single face or vase
     */
    public record Params(int size, double rubinFraction) {
        public Params {
            if (size < 32 || size > 512) throw new IllegalArgumentException("probe image size must be in 32..512, got " + size);
            if (!(rubinFraction >= 0 && rubinFraction <= 1)) {
                throw new IllegalArgumentException("rubinFraction must be in [0,1], got " + rubinFraction);
            }
        }
    }

    private final Params params;
    private final long seed;
    private final FaceParams faceLook;
    private final ObjectParams vaseLook;

    public ProbeImages(Params params, long seed) {
        this.params = params;
        this.seed = seed;
        this.faceLook = FaceParams.defaults(params.size());
        ObjectParams o = ObjectParams.defaults(params.size());
        this.vaseLook = new ObjectParams(o.size(), o.minScale(), o.maxScale(), o.maxRotation(), o.minContrast(),
                o.shading(), o.decoration(), o.maxClutter(), 0.0, 0, o.pixelNoise(), o.tint(), 0, 0);
    }

    /** The first {@code n} probe images at {@code size} px (a fifth of them Rubin pairs), from {@code seed}. */
    public static List<Sample> render(int n, int size, long seed) {
        ProbeImages probe = new ProbeImages(new Params(size, 0.2), seed);
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(probe.sample(i));
        return out;
    }

    @Override public String name() { return "probe-face-vase"; }

    @Override public List<String> classNames() { return CLASS_NAMES; }

    @Override public int size() { return params.size(); }

    @Override public long seed() { return seed; }

    @Override public Params params() { return params; }

    /** Whether image {@code index} is a Rubin pair (the same draw {@link #sample} makes first). */
    public boolean isRubinPair(long index) {
        return new SplittableRandom(World.mix(seed ^ SALT, index)).nextDouble() < params.rubinFraction();
    }

    @Override
    public Sample sample(long index) {
        int label = label(index);
        SplittableRandom rng = new SplittableRandom(World.mix(seed ^ SALT, index));
        boolean rubin = rng.nextDouble() < params.rubinFraction();
        FaceProfile face = FaceProfile.identity(FIRST_IDENTITY + rng.nextInt(IDENTITY_POOL));
        RgbImage image;
        if (rubin) image = rubinPair(face, label == FACE, rng);
        else if (label == FACE) image = FaceWorld.render(face, faceLook, rng).image();
        else image = ObjectWorld.render(ObjectWorld.probeVase(rng), vaseLook, rng).image();
        return new Sample(image, label);
    }

    /**
     * Two facing silhouettes of {@code face}, nose to nose across a narrow gap. The left region
     * (the head and everything behind it) and its mirror are the faces; the gap between them, cut
     * off at the forehead (rim) and the neck (base), is the vase. {@code facesAreFigure} paints the
     * faces in the figure tone, otherwise the vase.
     */
    private RgbImage rubinPair(FaceProfile face, boolean facesAreFigure, SplittableRandom rng) {
        int size = params.size();
        Scene scene = new Scene(size, faceLook.minContrast(), faceLook.tint(), rng);
        Graphics2D g = scene.g;
        double h = face.headHeight();
        double headUnits = face.chinBottom() + h;
        double scale = size * Scene.uniform(rng, 0.5, 0.65) / headUnits;

        Path2D.Double head = face.silhouette();
        Rectangle2D hb = head.getBounds2D();
        Area left = new Area(head);
        left.add(new Area(new Rectangle2D.Double(-50, -50, 50 + hb.getCenterX(), 100)));
        // the neck's front edge continued downwards, so the region ends in a vertical line below
        Rectangle2D nb = new Area(head).getBounds2D();
        double neckFront = neckFrontAtBottom(head, nb);
        left.add(new Area(new Rectangle2D.Double(-50, 0.5 * h, 50 + neckFront, 100)));

        double gap = Scene.uniform(rng, 0.02, 0.08);   // half the nose-to-nose gap, head units
        double faceFront = hb.getMaxX();
        AffineTransform toLeft = AffineTransform.getTranslateInstance(-faceFront - gap, 0);
        Area l = left.createTransformedArea(toLeft);
        Area r = l.createTransformedArea(AffineTransform.getScaleInstance(-1, 1));
        Area faces = new Area(l);
        faces.add(r);
        double rimY = -0.75 * h, baseY = face.neckBottom() - Scene.uniform(rng, 0.1, 0.5) * h;
        Area vase = new Area(new Rectangle2D.Double(-faceFront - gap, rimY, 2 * (faceFront + gap), baseY - rimY));
        vase.subtract(faces);

        AffineTransform pose = new AffineTransform();
        pose.translate(size / 2.0 + size * Scene.uniform(rng, -0.05, 0.05), size / 2.0 + size * Scene.uniform(rng, -0.05, 0.05));
        pose.scale(scale, scale);
        pose.translate(0, -(rimY + baseY) / 2);
        g.transform(pose);
        g.setColor(scene.fg(scene.fgLevel));
        g.fill(facesAreFigure ? faces : vase);
        return scene.finish(faceLook.pixelNoise()).image();
    }

    /** x of the neck's front edge at the neck's lower cut (the largest x on the bottom row of the path). */
    private static double neckFrontAtBottom(Path2D.Double head, Rectangle2D bounds) {
        double y = bounds.getMaxY() - 1e-3, best = bounds.getMinX();
        for (double x = bounds.getMinX(); x <= bounds.getMaxX(); x += 0.005) if (head.contains(x, y)) best = x;
        return best;
    }
}
