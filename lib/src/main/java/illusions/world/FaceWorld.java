package illusions.world;

import illusions.image.RgbImage;
import java.awt.BasicStroke;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A world of profile heads: class {@code k} is identity {@code k} ({@link FaceProfile#identity}),
 * whose forehead, brow, nose, lips, chin, jaw, neck, head height and hair are fixed by {@code k}
 * alone. Each image shows that head facing left or right, tilted, scaled (normalised by the
 * crown-to-chin height so size says nothing of identity), placed, in either polarity, with a linear
 * shading gradient, an eye (almond or dot) under a brow, a C-shaped ear, darker hair and a mouth
 * corner, over a background with a few distractor marks and pixel noise. Identities differ in the
 * shape of the profile, so telling them apart needs its detail.
 *
 * <p>Image {@code i} depends only on (params, seed, i); its label is {@code i mod} the number of identities
 * ({@value #IDENTITIES} unless {@link FaceParams#identities()} says otherwise).
 */
public final class FaceWorld implements World {
    private static final long SALT = 0x5FACE0L;
    /**
     * The number of classes, fixed (not a parameter) because the registry's class list, and so the
     * size of a trained network's output, must not depend on a world's settings.
     */
    public static final int IDENTITIES = 24;
    public static final List<String> CLASS_NAMES = classNames(IDENTITIES);

    private final FaceParams params;
    private final long seed;

    public FaceWorld(FaceParams params, long seed) {
        this.params = params;
        this.seed = seed;
    }

    /** "id00", "id01", ...: one class per identity. */
    static List<String> classNames(int identities) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < identities; k++) names.add(String.format("id%02d", k));
        return List.copyOf(names);
    }

    @Override public String name() {
        String base = params.backOutside() > 0 ? "faces-closeup" : params.identityFeatures() ? "faces-features" : "faces";
        return params.identities() == IDENTITIES ? base : base + params.identities();
    }

    /** One class per identity: {@link #CLASS_NAMES} in the first worlds, more where {@link FaceParams#identities()} says so. */
    @Override public List<String> classNames() {
        return params.identities() == IDENTITIES ? CLASS_NAMES : classNames(params.identities());
    }

    @Override public int size() { return params.size(); }

    @Override public long seed() { return seed; }

    @Override public FaceParams params() { return params; }

    /** Whether image {@code index} has a dark figure on a light ground (for tests of the polarity balance). */
    boolean darkFigure(long index) {
        return picture(index).darkFigure();
    }

    @Override
    public Sample sample(long index) {
        return new Sample(picture(index).image(), label(index));
    }

    private Scene.Picture picture(long index) {
        SplittableRandom rng = new SplittableRandom(World.mix(seed ^ SALT, index));
        int k = label(index);
        return render(FaceProfile.identity(k), params.identityFeatures() ? FaceFeatures.identity(k) : null, params, rng, null);
    }

    /** One picture of a head of {@code identity}, everything but its shape drawn from {@code rng}. */
    static Scene.Picture render(FaceProfile identity, FaceParams p, SplittableRandom rng) {
        return render(identity, null, p, rng, null);
    }

    /**
     * A portrait for filling-in experiments: an upright head of {@code identity} (for identities no
     * model was trained on, use {@link ProbeImages#FIRST_IDENTITY} and up) at the largest scale, no
     * clutter, tint or pixel noise, its pose and tones drawn from {@code seed}; with the masks
     * {@code eye} (a disc of 0.16 head units around the eye centre, covering eye and brow) and
     * {@code rest}.
     */
    public static illusions.stimuli.RenderedStimulus portrait(int identity, int size, long seed) {
        FaceParams p = new FaceParams(size, 0.7, 0.7, 0, 0.5, 0.15, 0, 0, 0, 0, false, 0, IDENTITIES);
        double[] eye = new double[3];
        RgbImage image = render(FaceProfile.identity(identity), null, p, new SplittableRandom(World.mix(seed ^ SALT, identity)), eye)
                .image();
        double r = 0.16 * eye[2], cx = eye[0], cy = eye[1];
        illusions.stimuli.Mask in = illusions.stimuli.Mask.where("eye", size, size,
                (x, y) -> Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r);
        illusions.stimuli.Mask rest = illusions.stimuli.Mask.where("rest", size, size, (x, y) -> !in.get(y, x));
        return new illusions.stimuli.RenderedStimulus(image, java.util.Map.of("eye", in, "rest", rest));
    }

    /**
     * As {@link #render(FaceProfile, FaceParams, SplittableRandom)}, with the identity's own eye, brow
     * and ear when {@code features} is given (else drawn afresh); {@code eyeOut}, if given, gets the
     * eye's x, y (px) and the px per head unit.
     */
    private static Scene.Picture render(FaceProfile identity, FaceFeatures features, FaceParams p, SplittableRandom rng,
            double[] eyeOut) {
        FaceProfile face = identity.jittered(p.identityJitter(), rng);
        Scene scene = new Scene(p.size(), p.minContrast(), p.tint(), rng);
        scene.clutter(p.maxClutter());
        Graphics2D g = scene.g;
        int size = p.size();

        // Pose: crown-to-chin height = scale * size, whatever the identity's proportions.
        double headUnits = face.chinBottom() + 1.0 * face.headHeight();
        double scale = size * Scene.uniform(rng, p.minScale(), p.maxScale()) / headUnits;
        boolean facesLeft = rng.nextBoolean();
        double angle = Math.toRadians(p.maxRotation() * (2 * rng.nextDouble() - 1));
        Path2D.Double head = face.silhouette();
        Rectangle2D hb = head.getBounds2D();
        // the head (not the neck) stays inside the frame, but for up to backOutside of its width at the
        // back (the silhouette faces +x, so the back is on the left unless mirrored); the neck may run off it
        double headMidY = (-face.headHeight() + face.chinBottom()) / 2;
        double halfW = scale * hb.getWidth() / 2, halfH = scale * headUnits / 2;
        double back = halfW * (1 - 2 * p.backOutside());
        double left = facesLeft ? halfW : back, right = facesLeft ? back : halfW;
        double cx = Scene.uniform(rng, Math.min(left, size / 2.0), Math.max(size - right, size / 2.0));
        double cy = Scene.uniform(rng, Math.min(halfH, size / 2.0), Math.max(size - halfH, size / 2.0));
        AffineTransform pose = new AffineTransform();
        pose.translate(cx, cy);
        pose.rotate(angle);
        pose.scale(facesLeft ? -scale : scale, scale);
        pose.translate(-hb.getCenterX(), -headMidY);

        AffineTransform base = g.getTransform();
        g.transform(pose);
        // Shading: a linear gradient across the head in a random direction.
        double shade = p.shading() * rng.nextDouble();
        double dir = 2 * Math.PI * rng.nextDouble();
        float gx = (float) (Math.cos(dir) * hb.getWidth() / 2), gy = (float) (Math.sin(dir) * headUnits / 2);
        float mx = (float) hb.getCenterX(), my = (float) headMidY;
        double fg = scene.fgLevel;
        g.setPaint(new GradientPaint(mx - gx, my - gy, scene.fg(fg - shade / 2), mx + gx, my + gy, scene.fg(fg + shade / 2)));
        g.fill(head);

        double hairLevel = scene.darkerDetail();
        g.setPaint(new GradientPaint(mx - gx, my - gy, scene.fg(hairLevel - shade / 2), mx + gx, my + gy,
                scene.fg(hairLevel + shade / 2)));
        g.fill(face.hair());

        // Internal features in a tone between head and background.
        double featureLevel = fg + (scene.bgLevel - fg) * Scene.uniform(rng, 0.45, 0.8);
        g.setColor(scene.fg(featureLevel));
        float line = (float) Math.max(1.1 / scale, 0.035);
        g.setStroke(new BasicStroke(line, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Point2D.Double eye = face.eye();
        if (eyeOut != null) {
            Point2D.Double at = new Point2D.Double();
            g.getTransform().transform(eye, at);
            eyeOut[0] = at.x;
            eyeOut[1] = at.y;
            eyeOut[2] = scale;
        }
        FaceFeatures f = features == null ? null : features.jittered(p.identityJitter(), rng);
        if (f != null) {
            g.fill(f.almond() ? almond(eye.x, eye.y, f.eyeWidth(), f.eyeHeight())
                    : new Ellipse2D.Double(eye.x - f.dotRadius(), eye.y - f.dotRadius(), 2 * f.dotRadius(), 2 * f.dotRadius()));
        } else if (rng.nextBoolean()) {
            g.fill(almond(eye.x, eye.y, Scene.uniform(rng, 0.1, 0.14), Scene.uniform(rng, 0.045, 0.065)));
        } else {
            double r = Scene.uniform(rng, 0.03, 0.045);
            g.fill(new Ellipse2D.Double(eye.x - r, eye.y - r, 2 * r, 2 * r));
        }
        double browY = eye.y - (f == null ? Scene.uniform(rng, 0.09, 0.13) : f.browLift());
        double arch = f == null ? 0.03 : f.browArch();
        Path2D.Double brow = new Path2D.Double();
        brow.moveTo(eye.x - 0.1, browY + 0.02);
        brow.quadTo(eye.x, browY - arch, eye.x + 0.09, browY + 0.01);
        if (f != null) g.setStroke(new BasicStroke((float) (line * f.browWeight()), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(brow);
        if (f != null) g.setStroke(new BasicStroke(line, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        Point2D.Double ear = face.ear();
        double ew = f == null ? Scene.uniform(rng, 0.09, 0.12) : f.earWidth();
        double eh = f == null ? Scene.uniform(rng, 0.15, 0.2) : f.earHeight();
        g.draw(new Arc2D.Double(ear.x - ew, ear.y - eh, 2 * ew, 2 * eh, 70, 220, Arc2D.OPEN));
        g.draw(new Arc2D.Double(ear.x - ew * 0.45, ear.y - eh * 0.45, ew * 0.9, eh * 0.9, 80, 180, Arc2D.OPEN));
        double[] m = face.mouth();
        g.draw(new Line2D.Double(m[0], m[1], m[2], m[3]));
        g.setTransform(base);

        return scene.finish(p.pixelNoise());
    }

    /** An almond eye centred at (x, y), pointed at both ends, its front corner the sharper. */
    private static Shape almond(double x, double y, double w, double h) {
        Path2D.Double a = new Path2D.Double();
        a.moveTo(x + w / 2, y);
        a.quadTo(x, y - h * 1.2, x - w / 2, y - h * 0.1);
        a.quadTo(x, y + h * 1.1, x + w / 2, y);
        a.closePath();
        return a;
    }
}
