package illusions.world;

import illusions.image.RgbImage;
import illusions.model.Batch;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic world of shapes for recognition training. Each image shows one shape of one of
 * {@link #CLASS_NAMES}, filled or outlined, at a random position, scale, rotation, contrast and
 * polarity, on a uniform, gradient or noise-texture background, often partly occluded by
 * background-coloured discs, boxes and bands (the configuration of a Kanizsa figure: the occluder
 * is the background, so edges and corners must be completed across it) or by shapes of another
 * grey, with small distractor marks around.
 *
 * <p>Image {@code i} depends only on (seed, i): it is rendered from its own random stream, so any
 * image can be reproduced alone, in any order and on any thread. The label of image {@code i} is
 * {@code i mod numClasses}, so every run of consecutive indices is balanced; training shuffles the
 * order.
 */
public final class ShapeWorld implements World {
    public static final List<String> CLASS_NAMES = List.of(
            "square", "triangle", "circle", "cross", "bar", "ring", "ell", "star", "tee", "hexagon");

    private final WorldParams params;
    private final long seed;

    public ShapeWorld(WorldParams params, long seed) {
        this.params = params;
        this.seed = seed;
    }

    @Override public String name() { return "shapes"; }

    @Override public WorldParams params() { return params; }

    @Override public int size() { return params.size(); }

    @Override public long seed() { return seed; }

    @Override public List<String> classNames() { return CLASS_NAMES; }

    /** Image {@code index} of this world: the same pixels on every call. */
    @Override
    public Sample sample(long index) {
        int label = label(index);
        SplittableRandom rng = new SplittableRandom(World.mix(seed, index));
        return new Sample(render(label, rng), label);
    }

    // ---------------------------------------------------------------------------------------------

    private RgbImage render(int label, SplittableRandom rng) {
        int size = params.size();
        // Luminances: background mean, shape = background +- contrast (polarity at random).
        double bgLevel = 0.1 + 0.8 * rng.nextDouble();
        double contrast = params.minContrast() + (0.8 - params.minContrast()) * rng.nextDouble();
        boolean darker = rng.nextBoolean();
        if (darker && bgLevel - contrast < 0) darker = false;
        if (!darker && bgLevel + contrast > 1) darker = true;
        double fgLevel = clamp(darker ? bgLevel - contrast : bgLevel + contrast);
        float[] bgTint = tint(rng);
        float[] fgTint = tint(rng);

        BufferedImage bg = background(size, bgLevel, bgTint, rng);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(img);
        try {
            g.drawImage(bg, 0, 0, null);

            // The shape: unit outline -> scale, rotation, position.
            double radius = size * (params.minScale() + (params.maxScale() - params.minScale()) * rng.nextDouble());
            double margin = radius * 0.85;
            double cx = margin + (size - 2 * margin) * rng.nextDouble();
            double cy = margin + (size - 2 * margin) * rng.nextDouble();
            double angle = 2 * Math.PI * rng.nextDouble();
            AffineTransform at = new AffineTransform();
            at.translate(cx, cy);
            at.rotate(angle);
            at.scale(radius, radius);
            Shape shape = at.createTransformedShape(unitShape(label));
            boolean outlined = rng.nextDouble() < params.outlineFraction();
            if (outlined) {
                float stroke = (float) Math.max(1.2, radius * (0.06 + 0.08 * rng.nextDouble()));
                shape = new BasicStroke(stroke, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER).createStrokedShape(shape);
            }

            // Clutter behind and around the shape: small marks that are never shapes of a class.
            if (rng.nextDouble() < params.clutter()) {
                int marks = 1 + rng.nextInt(4);
                for (int m = 0; m < marks; m++) {
                    g.setColor(grey(clamp(rng.nextDouble()), bgTint));
                    double x = size * rng.nextDouble(), y = size * rng.nextDouble();
                    if (rng.nextBoolean()) {
                        double r = size * (0.01 + 0.025 * rng.nextDouble());
                        g.fill(new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r));
                    } else {
                        double len = size * (0.04 + 0.08 * rng.nextDouble()), a = Math.PI * rng.nextDouble();
                        g.setStroke(new BasicStroke((float) (1 + 1.5 * rng.nextDouble())));
                        g.draw(new Line2D.Double(x, y, x + len * Math.cos(a), y + len * Math.sin(a)));
                    }
                }
            }

            g.setColor(grey(fgLevel, fgTint));
            g.fill(shape);

            // Occluders over the shape's extent: mostly background-coloured (completion across gaps),
            // sometimes a foreground patch of a third grey (T-junctions).
            if (params.maxOccluders() > 0 && rng.nextDouble() < params.occlusion()) {
                int n = 1 + rng.nextInt(params.maxOccluders());
                TexturePaint bgPaint = new TexturePaint(bg, new Rectangle(0, 0, size, size));
                for (int k = 0; k < n; k++) {
                    Shape occ = occluder(cx, cy, radius, rng);
                    if (rng.nextDouble() < 0.75) {
                        g.setPaint(bgPaint);
                    } else {
                        double level = clamp(bgLevel + (rng.nextBoolean() ? 1 : -1) * (0.15 + 0.5 * rng.nextDouble()));
                        g.setPaint(grey(level, tint(rng)));
                    }
                    g.fill(occ);
                }
            }
        } finally {
            g.dispose();
        }

        return withNoise(img, params.pixelNoise(), rng);
    }

    /** A graphics context on {@code img} with the anti-aliased, high-quality hints every world draws with. */
    static Graphics2D canvas(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /**
     * The drawn image as [0,1] floats plus Gaussian pixel noise of a standard deviation drawn
     * uniformly in [0, maxNoise] (the same noise on the three channels of a pixel), clipped.
     */
    static RgbImage withNoise(BufferedImage img, double maxNoise, SplittableRandom rng) {
        int h = img.getHeight(), w = img.getWidth();
        float[] d = new float[h * w * 3];
        int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
        double noise = maxNoise * rng.nextDouble();
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            float n = noise > 0 ? (float) (noise * gaussian(rng)) : 0f;
            d[3 * i] = clampF(((p >> 16) & 0xff) / 255f + n);
            d[3 * i + 1] = clampF(((p >> 8) & 0xff) / 255f + n);
            d[3 * i + 2] = clampF((p & 0xff) / 255f + n);
        }
        return new RgbImage(h, w, d);
    }

    /** An occluder near the shape: a disc, a box or a band across it, smaller than the shape. */
    private static Shape occluder(double cx, double cy, double radius, SplittableRandom rng) {
        double a = 2 * Math.PI * rng.nextDouble();
        double dist = radius * (0.3 + 0.8 * rng.nextDouble());
        double ox = cx + dist * Math.cos(a), oy = cy + dist * Math.sin(a);
        switch (rng.nextInt(3)) {
            case 0: {
                double r = radius * (0.15 + 0.25 * rng.nextDouble());
                return new Ellipse2D.Double(ox - r, oy - r, 2 * r, 2 * r);
            }
            case 1: {
                double w = radius * (0.2 + 0.4 * rng.nextDouble()), h = radius * (0.2 + 0.4 * rng.nextDouble());
                AffineTransform t = AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), ox, oy);
                return t.createTransformedShape(new Rectangle2D.Double(ox - w / 2, oy - h / 2, w, h));
            }
            default: {
                // A band through the shape (a gap the contour has to be completed across).
                double w = radius * (0.08 + 0.17 * rng.nextDouble());
                double off = radius * (rng.nextDouble() - 0.5);
                AffineTransform t = AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), cx, cy);
                return t.createTransformedShape(new Rectangle2D.Double(cx - 3 * radius, cy + off - w / 2, 6 * radius, w));
            }
        }
    }

    static BufferedImage background(int size, double level, float[] tint, SplittableRandom rng) {
        BufferedImage bg = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = bg.createGraphics();
        try {
            int kind = rng.nextInt(3);
            if (kind == 0) {
                g.setColor(grey(level, tint));
                g.fillRect(0, 0, size, size);
            } else if (kind == 1) {
                double spread = 0.4 * rng.nextDouble();
                double a = 2 * Math.PI * rng.nextDouble();
                float dx = (float) (Math.cos(a) * size / 2), dy = (float) (Math.sin(a) * size / 2);
                float c = size / 2f;
                g.setPaint(new GradientPaint(c - dx, c - dy, grey(clamp(level - spread / 2), tint),
                        c + dx, c + dy, grey(clamp(level + spread / 2), tint)));
                g.fillRect(0, 0, size, size);
            } else {
                int cells = 3 + rng.nextInt(14);
                double amp = 0.05 + 0.2 * rng.nextDouble();
                BufferedImage small = new BufferedImage(cells, cells, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < cells; y++) {
                    for (int x = 0; x < cells; x++) {
                        small.setRGB(x, y, grey(clamp(level + amp * (2 * rng.nextDouble() - 1)), tint).getRGB());
                    }
                }
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(small, 0, 0, size, size, null);
            }
        } finally {
            g.dispose();
        }
        return bg;
    }

    /** The class outline around the origin, radius about 1. */
    static Shape unitShape(int label) {
        switch (CLASS_NAMES.get(label)) {
            case "square": return new Rectangle2D.Double(-0.75, -0.75, 1.5, 1.5);
            case "triangle": return regularPolygon(3, 1.0, -Math.PI / 2);
            case "circle": return new Ellipse2D.Double(-0.85, -0.85, 1.7, 1.7);
            case "cross": {
                Area a = new Area(new Rectangle2D.Double(-0.95, -0.22, 1.9, 0.44));
                a.add(new Area(new Rectangle2D.Double(-0.22, -0.95, 0.44, 1.9)));
                return a;
            }
            case "bar": return new Rectangle2D.Double(-1.0, -0.22, 2.0, 0.44);
            case "ring": {
                Area a = new Area(new Ellipse2D.Double(-0.9, -0.9, 1.8, 1.8));
                a.subtract(new Area(new Ellipse2D.Double(-0.5, -0.5, 1.0, 1.0)));
                return a;
            }
            case "ell": return polygon(new double[] {-0.6, -0.9, -0.15, -0.9, -0.15, 0.45, 0.75, 0.45, 0.75, 0.9, -0.6, 0.9});
            case "star": {
                Path2D.Double p = new Path2D.Double();
                for (int i = 0; i < 10; i++) {
                    double r = i % 2 == 0 ? 1.0 : 0.42, a = -Math.PI / 2 + i * Math.PI / 5;
                    if (i == 0) p.moveTo(r * Math.cos(a), r * Math.sin(a));
                    else p.lineTo(r * Math.cos(a), r * Math.sin(a));
                }
                p.closePath();
                return p;
            }
            case "tee": return polygon(new double[] {-0.9, -0.85, 0.9, -0.85, 0.9, -0.4, 0.22, -0.4, 0.22, 0.95,
                    -0.22, 0.95, -0.22, -0.4, -0.9, -0.4});
            case "hexagon": return regularPolygon(6, 0.9, 0);
            default: throw new IllegalStateException("no outline for class " + label);
        }
    }

    private static Shape regularPolygon(int n, double r, double phase) {
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            xy[2 * i] = r * Math.cos(phase + 2 * Math.PI * i / n);
            xy[2 * i + 1] = r * Math.sin(phase + 2 * Math.PI * i / n);
        }
        return polygon(xy);
    }

    private static Shape polygon(double[] xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) p.lineTo(xy[i], xy[i + 1]);
        p.closePath();
        return p;
    }

    private float[] tint(SplittableRandom rng) {
        return Scene.tint(params.tint(), rng);
    }

    static Color grey(double level, float[] tint) {
        return new Color(clampF((float) level * tint[0]), clampF((float) level * tint[1]), clampF((float) level * tint[2]));
    }

    static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    static float clampF(float v) {
        return Math.max(0f, Math.min(1f, v));
    }

    static double gaussian(SplittableRandom rng) {
        double u1 = rng.nextDouble(), u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** Small helper for previews: the first {@code n} images of the held-out split. */
    public List<Sample> preview(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(heldOut(i));
        return out;
    }
}
