package illusions.world;

import illusions.image.RgbImage;
import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.PathIterator;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A world of layered scenes (dead-leaves style) in which the class to name is that of the
 * <em>front surface</em>, one of {@link ShapeWorld#CLASS_NAMES}. Behind it lie discs, ellipses and
 * boxes of other greys, several of them centred on the surface's outline (often at its corners), so
 * that the surface cuts them. Most of the time (see {@link OcclusionParams#camouflage}) the surface
 * has exactly the background's paint: it is then visible only through what it cuts from the shapes
 * behind, by aligned cut edges, T-junctions and missing pieces, which is the situation a Kanizsa
 * figure presents. Otherwise it has a grey of its own, and sometimes a thin real contour. Leaves
 * are darker, lighter or mixed against the background (both polarities).
 *
 * <p>Image {@code i} depends only on (params, seed, i).
 */
public final class OcclusionWorld implements World {
    private final OcclusionParams params;
    private final long seed;

    public OcclusionWorld(OcclusionParams params, long seed) {
        this.params = params;
        this.seed = seed;
    }

    @Override public String name() {
        if (params.phantoms() > 0 || params.gradedSupport()) return "occlusion-support";
        return params.fullRange() ? "occlusion-full-range" : "occlusion";
    }

    @Override public List<String> classNames() { return ShapeWorld.CLASS_NAMES; }

    @Override public int size() { return params.size(); }

    @Override public long seed() { return seed; }

    @Override public OcclusionParams params() { return params; }

    @Override
    public Sample sample(long index) {
        int label = label(index);
        SplittableRandom rng = new SplittableRandom(World.mix(seed ^ 0x0CC1E5L, index));
        return new Sample(render(label, rng), label);
    }

    private RgbImage render(int label, SplittableRandom rng) {
        int size = params.size();
        double u = rng.nextDouble();
        double bgLevel = params.fullRange() ? u : 0.15 + 0.7 * u;
        float[] bgTint = tint(rng);
        BufferedImage bg = ShapeWorld.background(size, bgLevel, bgTint, rng);
        // Leaf polarity of this scene: 0 all darker, 1 all lighter, 2 mixed.
        int polarity = rng.nextInt(3);

        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = ShapeWorld.canvas(img);
        try {
            g.drawImage(bg, 0, 0, null);

            double radius = surfaceRadius(rng);
            Shape surface = placement(radius, rng).createTransformedShape(ShapeWorld.unitShape(label));

            // Free leaves first (furthest back), then the leaves on the surface's outline.
            int free = rng.nextInt(params.maxFreeLeaves() + 1);
            for (int k = 0; k < free; k++) {
                double r = size * (0.04 + 0.11 * rng.nextDouble());
                double x = size * rng.nextDouble(), y = size * rng.nextDouble();
                g.setColor(ShapeWorld.grey(leafLevel(bgLevel, polarity, rng), tint(rng)));
                g.fill(leaf(x, y, r, rng, false));
            }
            // An accidental alignment: small leaves cut by an unlabelled, camouflaged outline.
            if (params.phantoms() > 0 && rng.nextDouble() < params.phantoms()) {
                double pr = surfaceRadius(rng);
                Shape phantom = placement(pr, rng).createTransformedShape(ShapeWorld.unitShape(rng.nextInt(ShapeWorld.CLASS_NAMES.size())));
                edgeLeaves(g, phantom, pr, false, bgLevel, polarity, rng);
                g.setPaint(new TexturePaint(bg, new Rectangle(0, 0, size, size)));
                g.fill(phantom);
            }
            edgeLeaves(g, surface, radius, true, bgLevel, polarity, rng);

            // The front surface.
            if (rng.nextDouble() < params.camouflage()) {
                g.setPaint(new TexturePaint(bg, new Rectangle(0, 0, size, size)));
                g.fill(surface);
                if (rng.nextDouble() < params.outlined()) {
                    g.setColor(ShapeWorld.grey(leafLevel(bgLevel, rng.nextInt(2), rng), tint(rng)));
                    g.setStroke(new BasicStroke((float) Math.max(1.0, size / 64.0)));
                    g.draw(surface);
                }
            } else {
                g.setColor(ShapeWorld.grey(leafLevel(bgLevel, rng.nextInt(2), rng), tint(rng)));
                g.fill(surface);
            }
        } finally {
            g.dispose();
        }

        return ShapeWorld.withNoise(img, params.pixelNoise(), rng);
    }

    /** A surface's radius in pixels, uniform between the smallest and largest scale. */
    private double surfaceRadius(SplittableRandom rng) {
        return params.size() * (params.minScale() + (params.maxScale() - params.minScale()) * rng.nextDouble());
    }

    /** Where a surface of this radius goes: a uniform position that keeps it inside the frame, a uniform turn. */
    private AffineTransform placement(double radius, SplittableRandom rng) {
        int size = params.size();
        double margin = radius * 0.9;
        double cx = margin + (size - 2 * margin) * rng.nextDouble();
        double cy = margin + (size - 2 * margin) * rng.nextDouble();
        AffineTransform at = new AffineTransform();
        at.translate(cx, cy);
        at.rotate(2 * Math.PI * rng.nextDouble());
        at.scale(radius, radius);
        return at;
    }

    /**
     * The leaves centred on a surface's outline, which it will cut. Their radius relative to the
     * surface's is U(0.2, 0.5), or with graded support 0.1 + 0.6 sqrt(u) for the labelled surface
     * (density rising towards large leaves) and 0.1 + 0.6 (1 - sqrt(u)) for a phantom (falling).
     */
    private void edgeLeaves(Graphics2D g, Shape surface, double radius, boolean labelled, double bgLevel, int polarity,
            SplittableRandom rng) {
        List<double[]> outline = outline(surface);
        int edge = params.minEdgeLeaves() + rng.nextInt(params.maxEdgeLeaves() - params.minEdgeLeaves() + 1);
        for (int k = 0; k < edge; k++) {
            double[] p = pointOnOutline(outline, rng);
            double u = rng.nextDouble();
            double rel = !params.gradedSupport() ? 0.2 + 0.3 * u : 0.1 + 0.6 * (labelled ? Math.sqrt(u) : 1 - Math.sqrt(u));
            g.setColor(ShapeWorld.grey(leafLevel(bgLevel, polarity, rng), tint(rng)));
            g.fill(leaf(p[0], p[1], radius * rel, rng, true));
        }
    }

    /** A grey darker (polarity 0), lighter (1) or either (2) than the background, by at least minContrast. */
    private double leafLevel(double bgLevel, int polarity, SplittableRandom rng) {
        boolean darker = polarity == 0 || (polarity == 2 && rng.nextBoolean());
        double room = darker ? bgLevel : 1 - bgLevel;
        double c = params.minContrast() + Math.max(0, room - params.minContrast()) * rng.nextDouble();
        if (room < params.minContrast()) {
            darker = !darker;
            c = params.minContrast() + 0.3 * rng.nextDouble();
        }
        return ShapeWorld.clamp(darker ? bgLevel - c : bgLevel + c);
    }

    /** A disc, an ellipse or (on the outline only) a rotated box centred at (x, y). */
    private static Shape leaf(double x, double y, double r, SplittableRandom rng, boolean boxes) {
        int kind = rng.nextInt(boxes ? 3 : 2);
        if (kind == 0) return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r);
        double a = r * (0.7 + 0.6 * rng.nextDouble()), b = r * (0.5 + 0.5 * rng.nextDouble());
        Shape s = kind == 1 ? new Ellipse2D.Double(x - a, y - b, 2 * a, 2 * b) : new Rectangle2D.Double(x - a, y - b, 2 * a, 2 * b);
        return AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), x, y).createTransformedShape(s);
    }

    /** The flattened outline of a shape as segments {x0, y0, x1, y1}. */
    static List<double[]> outline(Shape s) {
        List<double[]> segs = new ArrayList<>();
        double[] c = new double[6];
        double sx = 0, sy = 0, px = 0, py = 0;
        for (PathIterator it = s.getPathIterator(null, 0.5); !it.isDone(); it.next()) {
            switch (it.currentSegment(c)) {
                case PathIterator.SEG_MOVETO -> { sx = px = c[0]; sy = py = c[1]; }
                case PathIterator.SEG_LINETO -> { segs.add(new double[] {px, py, c[0], c[1]}); px = c[0]; py = c[1]; }
                case PathIterator.SEG_CLOSE -> { if (px != sx || py != sy) segs.add(new double[] {px, py, sx, sy}); px = sx; py = sy; }
                default -> { }
            }
        }
        return segs;
    }

    /** Half the time a corner (segment start), else a point uniform along the outline's length. */
    private static double[] pointOnOutline(List<double[]> segs, SplittableRandom rng) {
        if (rng.nextBoolean()) {
            double[] s = segs.get(rng.nextInt(segs.size()));
            return new double[] {s[0], s[1]};
        }
        double total = 0;
        for (double[] s : segs) total += Math.hypot(s[2] - s[0], s[3] - s[1]);
        double t = total * rng.nextDouble();
        for (double[] s : segs) {
            double len = Math.hypot(s[2] - s[0], s[3] - s[1]);
            if (t <= len && len > 0) return new double[] {s[0] + (s[2] - s[0]) * t / len, s[1] + (s[3] - s[1]) * t / len};
            t -= len;
        }
        double[] last = segs.get(segs.size() - 1);
        return new double[] {last[2], last[3]};
    }

    private float[] tint(SplittableRandom rng) {
        return Scene.tint(params.tint(), rng);
    }
}
