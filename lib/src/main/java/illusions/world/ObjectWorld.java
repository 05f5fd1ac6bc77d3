package illusions.world;

import static illusions.world.Scene.uniform;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.LinearGradientPaint;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.QuadCurve2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A world of everyday objects seen from the side; the class is the object's type. Most are lathe
 * objects, a radius profile r(y) turned about a vertical axis (vase, goblet, cup, bottle,
 * candlestick, lamp, bowl, jug, teapot, hourglass), drawn from a per-image random profile within the
 * class's family, with rims, stems, feet, handles, spouts and decoration bands; four are not
 * (umbrella, chair, hammer, key). Families overlap on purpose (vase, jug and bottle differ in
 * curvature and neck; goblet, candlestick, lamp and hourglass in what sits on the stem), and each
 * image varies mirror, tilt, extent, position, polarity, contrast, cylinder shading, clutter,
 * occlusion and noise, so that the class is carried by the shape's detail.
 *
 * <p>With {@link ObjectParams#designs()} &gt; 0 the class is a fixed design instead: design {@code k}
 * is of type {@code k mod 14} and its silhouette (decoration and parts included) is drawn once, as a
 * function of {@code k} only, and redrawn until its silhouette overlaps every earlier design of its
 * type by at most {@value #MAX_DESIGN_IOU} (intersection over union, at a common scale), so no two
 * classes are near twins. Every image of a design shows that silhouette under the same per-image
 * variation as above. Unlike face identities, designs get no per-image jitter of their shape.
 *
 * <p>Image {@code i} depends only on (params, seed, i); its label is {@code i mod classes}.
 */
public final class ObjectWorld implements World {
    public static final List<String> CLASS_NAMES = List.of("vase", "goblet", "cup", "bottle", "candlestick", "lamp",
            "bowl", "jug", "teapot", "hourglass", "umbrella", "chair", "hammer", "key");

    private static final long SALT = 0x0B1EC7L;
    private static final long DESIGN_SALT = 0xDE5167L;
    /** The most fixed designs a world can have. */
    public static final int MAX_DESIGNS = 64;
    /** Designs of one type overlap at most this much (silhouette intersection over union). */
    static final double MAX_DESIGN_IOU = 0.88;
    /** The seed that draws each design's silhouette, chosen once, on first use (see {@link #designSeeds()}). */
    private static final class Designs {
        static final long[] SEEDS = designSeeds();
    }

    private final ObjectParams params;
    private final long seed;

    private final List<String> classNames;

    public ObjectWorld(ObjectParams params, long seed) {
        this.params = params;
        this.seed = seed;
        this.classNames = params.designs() == 0 ? CLASS_NAMES : designNames(params.designs());
    }

    @Override public String name() {
        String base = params.extraOutside() > 0 ? "objects-closeup" : "objects";
        return params.designs() == 0 ? base : base + params.designs();
    }

    /** Built once: {@link #label} asks for their number for every image. */
    @Override public List<String> classNames() { return classNames; }

    /** "vase-0", "goblet-0", ..., "key-0", "vase-1", ...: design {@code k} is of type {@code k mod 14}. */
    public static List<String> designNames(int designs) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < designs; k++) names.add(designType(k) + "-" + k / CLASS_NAMES.size());
        return List.copyOf(names);
    }

    static String designType(int k) {
        return CLASS_NAMES.get(k % CLASS_NAMES.size());
    }

    /**
     * The silhouette of design {@code k}: a function of {@code k} only (not of any world seed), so a
     * design looks the same in every world; a fresh drawing each call (drawings are mutable).
     */
    static Drawing design(int k, double decoration) {
        if (k < 0 || k >= MAX_DESIGNS) throw new IllegalArgumentException("design must be in 0.." + (MAX_DESIGNS - 1) + ", got " + k);
        return draw(designType(k), decoration, new SplittableRandom(Designs.SEEDS[k]));
    }

    /**
     * Designs are drawn one after another; each candidate comes from its own seed and is redrawn (up
     * to {@value #DESIGN_ATTEMPTS} times, keeping the least overlapping; bowls, the least varied family, need many) until it overlaps every earlier design of its type
     * by at most {@link #MAX_DESIGN_IOU}. Decoration is drawn at the default worlds' probability.
     */
    private static long[] designSeeds() {
        long[] seeds = new long[MAX_DESIGNS];
        List<List<boolean[]>> masks = new ArrayList<>();
        for (int t = 0; t < CLASS_NAMES.size(); t++) masks.add(new ArrayList<>());
        double decoration = ObjectParams.defaults(64).decoration();
        for (int k = 0; k < MAX_DESIGNS; k++) {
            List<boolean[]> same = masks.get(k % CLASS_NAMES.size());
            long best = 0;
            boolean[] bestMask = null;
            double bestOverlap = Double.MAX_VALUE;
            for (int attempt = 0; attempt < DESIGN_ATTEMPTS; attempt++) {
                long s = World.mix(World.mix(DESIGN_SALT, k), attempt);
                boolean[] m = silhouette(draw(designType(k), decoration, new SplittableRandom(s)));
                double overlap = 0;
                for (boolean[] o : same) overlap = Math.max(overlap, iou(m, o));
                if (overlap < bestOverlap) { best = s; bestMask = m; bestOverlap = overlap; }
                if (overlap <= MAX_DESIGN_IOU) break;
            }
            seeds[k] = best;
            same.add(bestMask);
        }
        return seeds;
    }

    static final int SILHOUETTE_GRID = 48;
    static final int DESIGN_ATTEMPTS = 500;

    /** The body on a square grid: its larger extent fills the grid, centred, aspect kept. */
    static boolean[] silhouette(Drawing d) {
        Rectangle2D b = d.body().getBounds2D();
        double scale = SILHOUETTE_GRID / Math.max(b.getWidth(), b.getHeight());
        boolean[] m = new boolean[SILHOUETTE_GRID * SILHOUETTE_GRID];
        for (int y = 0; y < SILHOUETTE_GRID; y++) {
            for (int x = 0; x < SILHOUETTE_GRID; x++) {
                double ux = b.getCenterX() + (x + 0.5 - SILHOUETTE_GRID / 2.0) / scale;
                double uy = b.getCenterY() + (y + 0.5 - SILHOUETTE_GRID / 2.0) / scale;
                m[y * SILHOUETTE_GRID + x] = d.body().contains(ux, uy);
            }
        }
        return m;
    }

    static double iou(boolean[] a, boolean[] b) {
        int both = 0, either = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] && b[i]) both++;
            if (a[i] || b[i]) either++;
        }
        return either == 0 ? 1 : (double) both / either;
    }

    @Override public int size() { return params.size(); }

    @Override public long seed() { return seed; }

    @Override public ObjectParams params() { return params; }

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
        Drawing object = params.designs() == 0 ? draw(CLASS_NAMES.get(label(index)), params.decoration(), rng)
                : design(label(index), params.decoration());
        return render(object, params, rng);
    }

    /**
     * An object in its own units: y from 0 (top) to 1 (bottom), centred on x = 0. {@code body} is the
     * silhouette; {@code dark} parts (rim openings, labels, bands, sand, a shade) get a darker tone
     * and {@code accents} (a flame, a grip) a tone between object and ground.
     */
    record Drawing(Area body, List<Shape> dark, List<Shape> accents, boolean cylinder) {
        Drawing(Area body, boolean cylinder) {
            this(body, new ArrayList<>(), new ArrayList<>(), cylinder);
        }
    }

    static Drawing draw(String kind, double decoration, SplittableRandom rng) {
        Drawing d = switch (kind) {
            case "vase" -> vase(rng);
            case "goblet" -> goblet(rng);
            case "cup" -> cup(rng);
            case "bottle" -> bottle(rng);
            case "candlestick" -> candlestick(rng);
            case "lamp" -> lamp(rng);
            case "bowl" -> bowl(rng);
            case "jug" -> jug(rng);
            case "teapot" -> teapot(rng);
            case "hourglass" -> hourglass(rng);
            case "umbrella" -> umbrella(rng);
            case "chair" -> chair(rng);
            case "hammer" -> hammer(rng);
            case "key" -> key(rng);
            default -> throw new IllegalArgumentException("no object '" + kind + "'");
        };
        if (d.cylinder() && rng.nextDouble() < decoration) bands(d, rng);
        return d;
    }

    /** One picture of {@code object}, everything but its shape drawn from {@code rng}. */
    static Scene.Picture render(Drawing object, ObjectParams p, SplittableRandom rng) {
        int size = p.size();
        Scene scene = new Scene(size, p.minContrast(), p.tint(), rng);
        scene.clutter(p.maxClutter());
        Graphics2D g = scene.g;

        Rectangle2D ob = object.body().getBounds2D();
        double extent = Math.max(ob.getWidth(), ob.getHeight());
        double scale = size * uniform(rng, p.minScale(), p.maxScale()) / extent;
        double halfW = scale * ob.getWidth() / 2, halfH = scale * ob.getHeight() / 2;
        // mostly inside the frame: the centre may move so that up to a tenth of the object (plus
        // extraOutside) leaves it on each side
        double in = 0.8 - 2 * p.extraOutside();
        double cx = uniform(rng, Math.min(in * halfW, size / 2.0), Math.max(size - in * halfW, size / 2.0));
        double cy = uniform(rng, Math.min(in * halfH, size / 2.0), Math.max(size - in * halfH, size / 2.0));
        AffineTransform pose = new AffineTransform();
        pose.translate(cx, cy);
        pose.rotate(Math.toRadians(p.maxRotation() * (2 * rng.nextDouble() - 1)));
        pose.scale(rng.nextBoolean() ? -scale : scale, scale);
        pose.translate(-ob.getCenterX(), -ob.getCenterY());

        AffineTransform base = g.getTransform();
        g.transform(pose);
        double fg = scene.fgLevel, s = p.shading() * rng.nextDouble();
        float x0 = (float) ob.getMinX(), x1 = (float) ob.getMaxX();
        if (object.cylinder() && rng.nextDouble() < 0.7 && x1 - x0 > 1e-3) {
            // a cylinder lit from one side: dark rim, highlight off-centre, half-dark other rim
            float hi = (float) uniform(rng, 0.2, 0.45);
            g.setPaint(new LinearGradientPaint(x0, 0f, x1, 0f, new float[] {0f, hi, 1f},
                    new Color[] {scene.fg(fg - s / 2), scene.fg(fg + s / 2), scene.fg(fg - s / 4)}));
        } else {
            double a = 2 * Math.PI * rng.nextDouble();
            float gx = (float) (Math.cos(a) * ob.getWidth() / 2), gy = (float) (Math.sin(a) * ob.getHeight() / 2);
            float mx = (float) ob.getCenterX(), my = (float) ob.getCenterY();
            g.setPaint(new GradientPaint(mx - gx, my - gy, scene.fg(fg - s / 2), mx + gx, my + gy, scene.fg(fg + s / 2)));
        }
        g.fill(object.body());
        g.setColor(scene.fg(scene.darkerDetail()));
        for (Shape sh : object.dark()) g.fill(sh);
        g.setColor(scene.fg(fg + (scene.bgLevel - fg) * uniform(rng, 0.4, 0.8)));
        for (Shape sh : object.accents()) g.fill(sh);
        Rectangle2D pixels = pose.createTransformedShape(ob).getBounds2D();
        g.setTransform(base);

        if (rng.nextDouble() < p.occlusion() && p.maxOccluders() > 0) scene.occlude(pixels, p.maxOccluders());
        return scene.finish(p.pixelNoise());
    }

    // ---- the families -------------------------------------------------------------------------

    static Drawing vase(SplittableRandom rng) {
        double rim = uniform(rng, 0.1, 0.2), neckT = uniform(rng, 0.15, 0.32), neck = uniform(rng, 0.06, 0.13);
        double bellyT = uniform(rng, 0.45, 0.7), belly = uniform(rng, 0.19, 0.34), base = uniform(rng, 0.08, 0.17);
        List<double[]> k = new ArrayList<>(List.of(new double[] {0, rim}, new double[] {0.03, rim * 0.93},
                new double[] {neckT, neck}, new double[] {bellyT, belly}));
        if (rng.nextBoolean()) {
            k.add(new double[] {0.9, base * 0.8});
            k.add(new double[] {0.94, base * 0.8});
            k.add(new double[] {0.96, base * 1.15});
            k.add(new double[] {1, base * 1.15});
        } else {
            k.add(new double[] {0.96, base});
            k.add(new double[] {1, base});
        }
        Drawing d = new Drawing(lathe(k), true);
        rimOpening(d, rim, rng);
        return d;
    }

    static Drawing bottle(SplittableRandom rng) {
        double lip = uniform(rng, 0.04, 0.07), neck = uniform(rng, 0.028, 0.055);
        double sh0 = uniform(rng, 0.12, 0.35), sh1 = sh0 + uniform(rng, 0.06, 0.22), body = uniform(rng, 0.1, 0.2);
        Drawing d = new Drawing(lathe(List.of(new double[] {0, lip}, new double[] {0.04, lip}, new double[] {0.045, neck},
                new double[] {sh0, neck}, new double[] {sh1, body}, new double[] {0.97, body * uniform(rng, 0.92, 1.04)},
                new double[] {1, body * 0.92})), true);
        if (rng.nextBoolean()) d.dark().add(new Rectangle2D.Double(-lip, 0, 2 * lip, uniform(rng, 0.04, 0.08))); // cap
        if (rng.nextBoolean()) {
            double t = uniform(rng, sh1 + 0.05, 0.65);
            d.dark().add(clip(new Rectangle2D.Double(-1, t, 2, uniform(rng, 0.12, 0.3)), d.body()));      // label
        }
        return d;
    }

    static Drawing jug(SplittableRandom rng) {
        double rim = uniform(rng, 0.13, 0.22), neckT = uniform(rng, 0.12, 0.28), neck = uniform(rng, 0.1, 0.18);
        double bellyT = uniform(rng, 0.45, 0.7), belly = uniform(rng, 0.2, 0.32), base = uniform(rng, 0.12, 0.2);
        Area body = lathe(List.of(new double[] {0, rim}, new double[] {0.03, rim * 0.95}, new double[] {neckT, neck},
                new double[] {bellyT, belly}, new double[] {0.96, base}, new double[] {1, base}));
        Path2D.Double spout = new Path2D.Double();
        spout.moveTo(rim * 0.6, 0.0);
        spout.lineTo(rim + uniform(rng, 0.05, 0.12), -uniform(rng, 0.02, 0.07));
        spout.lineTo(neck * 0.9, neckT * 0.9);
        spout.closePath();
        body.add(new Area(spout));
        double out = belly + uniform(rng, 0.07, 0.16);
        Path2D.Double handle = new Path2D.Double();
        handle.moveTo(-neck * 0.8, uniform(rng, 0.05, neckT));
        handle.curveTo(-out, uniform(rng, 0.0, 0.15), -out, bellyT - 0.1, -belly * 0.85, bellyT + uniform(rng, 0.0, 0.15));
        body.add(stroke(handle, uniform(rng, 0.03, 0.055)));
        Drawing d = new Drawing(body, true);
        rimOpening(d, rim, rng);
        return d;
    }

    static Drawing cup(SplittableRandom rng) {
        double top = uniform(rng, 0.32, 0.6), bot = top * uniform(rng, 0.6, 1.0);
        Area body = lathe(List.of(new double[] {0, top}, new double[] {0.5, (top + bot) / 2 + uniform(rng, 0, 0.06)},
                new double[] {0.92, bot}, new double[] {0.95, bot * 0.85}, new double[] {1, bot * 0.85}));
        double t0 = uniform(rng, 0.1, 0.25), t1 = uniform(rng, 0.55, 0.8), out = uniform(rng, 0.14, 0.28);
        double r0 = top - (top - bot) * t0, r1 = top - (top - bot) * t1;
        Path2D.Double handle = new Path2D.Double();
        handle.moveTo(r0 - 0.02, t0);
        handle.curveTo(r0 + out, t0 - 0.05, r1 + out, t1 + 0.05, r1 - 0.02, t1);
        body.add(stroke(handle, uniform(rng, 0.05, 0.09)));
        if (rng.nextDouble() < 0.4) {
            double w = top * uniform(rng, 1.4, 1.9);
            body.add(new Area(new Ellipse2D.Double(-w, 0.95, 2 * w, uniform(rng, 0.07, 0.12))));
        }
        Drawing d = new Drawing(body, true);
        rimOpening(d, top, rng);
        return d;
    }

    static Drawing bowl(SplittableRandom rng) {
        double rim = uniform(rng, 0.75, 1.3), foot = rim * uniform(rng, 0.25, 0.42);
        Drawing d = new Drawing(lathe(List.of(new double[] {0, rim}, new double[] {0.12, rim * uniform(rng, 0.95, 1.0)},
                new double[] {0.5, rim * uniform(rng, 0.72, 0.85)}, new double[] {0.84, rim * uniform(rng, 0.38, 0.5)},
                new double[] {0.86, foot}, new double[] {1, foot * uniform(rng, 1.0, 1.15)})), true);
        rimOpening(d, rim, rng);
        return d;
    }

    static Drawing goblet(SplittableRandom rng) {
        double cupEnd = uniform(rng, 0.3, 0.55), rim = uniform(rng, 0.15, 0.28), stem = uniform(rng, 0.015, 0.035);
        double foot = uniform(rng, 0.13, 0.25);
        List<double[]> k = new ArrayList<>(List.of(new double[] {0, rim},
                new double[] {cupEnd * 0.5, rim * uniform(rng, 0.85, 1.08)}, new double[] {cupEnd * 0.88, rim * 0.4},
                new double[] {cupEnd, stem}));
        if (rng.nextBoolean()) {
            double m = uniform(rng, cupEnd + 0.1, 0.8), knob = uniform(rng, 0.04, 0.07);
            k.add(new double[] {m - 0.04, stem});
            k.add(new double[] {m, knob});
            k.add(new double[] {m + 0.04, stem});
        }
        k.add(new double[] {0.93, stem});
        k.add(new double[] {0.96, foot * 0.6});
        k.add(new double[] {0.98, foot});
        k.add(new double[] {1, foot});
        Drawing d = new Drawing(lathe(k), true);
        rimOpening(d, rim, rng);
        return d;
    }

    static Drawing candlestick(SplittableRandom rng) {
        double candleEnd = uniform(rng, 0.18, 0.4), candle = uniform(rng, 0.025, 0.05);
        double pan = uniform(rng, 0.08, 0.16), stem = uniform(rng, 0.022, 0.05), foot = uniform(rng, 0.12, 0.26);
        List<double[]> k = new ArrayList<>(List.of(new double[] {0, candle}, new double[] {candleEnd - 0.005, candle},
                new double[] {candleEnd, pan}, new double[] {candleEnd + 0.03, pan}, new double[] {candleEnd + 0.05, stem}));
        int knobs = rng.nextInt(4);
        for (int i = 0; i < knobs; i++) {
            double m = candleEnd + 0.1 + (0.78 - candleEnd - 0.1) * (i + 0.5) / knobs;
            k.add(new double[] {m - 0.03, stem});
            k.add(new double[] {m, uniform(rng, 0.05, 0.09)});
            k.add(new double[] {m + 0.03, stem});
        }
        k.add(new double[] {0.8, stem * 1.1});
        k.add(new double[] {uniform(rng, 0.9, 0.95), foot * uniform(rng, 0.5, 0.8)});
        k.add(new double[] {0.97, foot});
        k.add(new double[] {1, foot});
        Drawing d = new Drawing(lathe(k), true);
        if (rng.nextDouble() < 0.6) {
            double h = uniform(rng, 0.06, 0.11), w = candle * uniform(rng, 0.7, 1.1);
            Path2D.Double flame = new Path2D.Double();
            flame.moveTo(0, -h - 0.02);
            flame.quadTo(w * 1.6, -0.02 - h * 0.3, 0, -0.01);
            flame.quadTo(-w * 1.6, -0.02 - h * 0.3, 0, -h - 0.02);
            d.body().add(new Area(flame));
            d.accents().add(flame);
        }
        return d;
    }

    static Drawing lamp(SplittableRandom rng) {
        double shadeEnd = uniform(rng, 0.28, 0.48), top = uniform(rng, 0.07, 0.18), bot = uniform(rng, 0.2, 0.36);
        double stem = uniform(rng, 0.015, 0.03);
        Path2D.Double shade = new Path2D.Double();
        shade.moveTo(-top, 0);
        shade.lineTo(top, 0);
        shade.lineTo(bot, shadeEnd);
        shade.lineTo(-bot, shadeEnd);
        shade.closePath();
        List<double[]> k = new ArrayList<>(List.of(new double[] {shadeEnd - 0.02, stem}, new double[] {0.55, stem}));
        if (rng.nextBoolean()) { // a bulbous base, like a small vase
            double b = uniform(rng, 0.09, 0.17);
            k.add(new double[] {0.62, stem * 1.5});
            k.add(new double[] {uniform(rng, 0.75, 0.85), b});
            k.add(new double[] {0.97, b * 0.6});
            k.add(new double[] {1, b * 0.6});
        } else {
            double b = uniform(rng, 0.1, 0.22);
            k.add(new double[] {0.94, stem});
            k.add(new double[] {0.95, b});
            k.add(new double[] {1, b});
        }
        Area body = lathe(k);
        body.add(new Area(shade));
        Drawing d = new Drawing(body, true);
        if (rng.nextBoolean()) d.dark().add(shade);
        return d;
    }

    static Drawing teapot(SplittableRandom rng) {
        double bodyTop = uniform(rng, 0.25, 0.4), belly = uniform(rng, 0.28, 0.45), bottom = belly * uniform(rng, 0.55, 0.8);
        double lid = belly * uniform(rng, 0.45, 0.7), lidH = uniform(rng, 0.07, 0.14), knob = uniform(rng, 0.03, 0.05);
        Area body = lathe(List.of(new double[] {bodyTop - lidH - 2 * knob, 0.005}, new double[] {bodyTop - lidH - knob, knob},
                new double[] {bodyTop - lidH, knob * 0.6}, new double[] {bodyTop - lidH * 0.7, lid * 0.7},
                new double[] {bodyTop, lid}, new double[] {bodyTop + (1 - bodyTop) * 0.45, belly},
                new double[] {0.97, bottom}, new double[] {1, bottom}));
        double sy = uniform(rng, 0.6, 0.8), tipX = belly + uniform(rng, 0.15, 0.3), tipY = bodyTop - uniform(rng, 0.0, 0.1);
        body.add(stroke(new QuadCurve2D.Double(belly * 0.8, sy, tipX - 0.02, sy, tipX, tipY), uniform(rng, 0.04, 0.07)));
        Path2D.Double handle = new Path2D.Double();
        double out = belly + uniform(rng, 0.1, 0.18);
        handle.moveTo(-belly * 0.75, bodyTop + 0.08);
        handle.curveTo(-out, bodyTop, -out, 0.75, -belly * 0.85, 0.8);
        body.add(stroke(handle, uniform(rng, 0.035, 0.06)));
        Drawing d = new Drawing(body, true);
        d.dark().add(new Rectangle2D.Double(-lid * 1.05, bodyTop - 0.012, 2.1 * lid, 0.02)); // lid seam
        return d;
    }

    static Drawing hourglass(SplittableRandom rng) {
        double plate = uniform(rng, 0.17, 0.27), th = uniform(rng, 0.03, 0.06), bulb = uniform(rng, 0.11, 0.2);
        double waist = uniform(rng, 0.015, 0.035);
        Area glass = lathe(List.of(new double[] {th, bulb * 0.8}, new double[] {0.22, bulb}, new double[] {0.47, waist},
                new double[] {0.53, waist}, new double[] {0.78, bulb}, new double[] {1 - th, bulb * 0.8}));
        Area body = new Area(glass);
        body.add(new Area(new Rectangle2D.Double(-plate, 0, 2 * plate, th)));
        body.add(new Area(new Rectangle2D.Double(-plate, 1 - th, 2 * plate, th)));
        if (rng.nextBoolean()) {
            double w = uniform(rng, 0.015, 0.03);
            body.add(new Area(new Rectangle2D.Double(plate * 0.8 - w, 0, w, 1)));
            body.add(new Area(new Rectangle2D.Double(-plate * 0.8, 0, w, 1)));
        }
        Drawing d = new Drawing(body, true);
        d.dark().add(clip(new Rectangle2D.Double(-1, uniform(rng, 0.62, 0.85), 2, 0.4), glass)); // sand
        return d;
    }

    static Drawing umbrella(SplittableRandom rng) {
        double w = uniform(rng, 0.38, 0.6), h = uniform(rng, 0.18, 0.32), shaft = uniform(rng, 0.012, 0.025);
        double top = 0.06; // the shaft's tip sticks out above the canopy
        Area canopy = new Area(new Arc2D.Double(-w, top, 2 * w, 2 * h, 0, 180, Arc2D.CHORD));
        int scallops = 3 + rng.nextInt(4);
        double sw = 2 * w / scallops, sd = uniform(rng, 0.03, 0.07);
        for (int i = 0; i < scallops; i++) {
            canopy.subtract(new Area(new Ellipse2D.Double(-w + i * sw, top + h - sd, sw, 2 * sd)));
        }
        Area body = new Area(canopy);
        double handleEnd = uniform(rng, 0.8, 0.9);
        body.add(new Area(new Rectangle2D.Double(-shaft, 0, 2 * shaft, handleEnd)));
        double hr = uniform(rng, 0.05, 0.1);
        body.add(stroke(new Arc2D.Double(-2 * hr + shaft, handleEnd - hr, 2 * hr, 2 * hr, 0, -180, Arc2D.OPEN),
                uniform(rng, 0.03, 0.05)));
        Drawing d = new Drawing(body, false);
        if (rng.nextBoolean()) {
            double hl = uniform(rng, 0.08, 0.16);
            d.accents().add(new Rectangle2D.Double(-shaft * 2, handleEnd - hl, 4 * shaft, hl)); // grip
        }
        return d;
    }

    static Drawing chair(SplittableRandom rng) {
        double seatY = uniform(rng, 0.42, 0.6), depth = uniform(rng, 0.32, 0.55), th = uniform(rng, 0.035, 0.07);
        double leg = uniform(rng, 0.025, 0.045), lean = uniform(rng, 0.0, 0.12);
        double back = -depth / 2, front = depth / 2;
        Area body = new Area(new Rectangle2D.Double(back, seatY, depth, th));
        Path2D.Double backPost = new Path2D.Double();
        backPost.moveTo(back - lean, 0);
        backPost.lineTo(back, seatY);
        backPost.lineTo(back - lean * 0.3, 1);
        body.add(stroke(backPost, leg * 2));
        body.add(stroke(new Line2D.Double(front - leg, seatY, front - leg + uniform(rng, -0.04, 0.06), 1), leg * 2));
        if (rng.nextBoolean()) { // a backrest panel
            double py = uniform(rng, 0.04, 0.15);
            body.add(new Area(new Rectangle2D.Double(back - lean * (1 - py / seatY) - leg, py, 2 * leg + uniform(rng, 0.02, 0.05),
                    uniform(rng, 0.12, seatY - py - 0.05))));
        }
        if (rng.nextBoolean()) body.add(new Area(new Rectangle2D.Double(back, uniform(rng, seatY + 0.15, 0.85), depth, leg * 1.5)));
        return new Drawing(body, false);
    }

    static Drawing hammer(SplittableRandom rng) {
        double handleW = uniform(rng, 0.03, 0.06), headW = uniform(rng, 0.32, 0.55), headH = uniform(rng, 0.08, 0.15);
        double off = uniform(rng, -0.06, 0.06);
        Area body = new Area(new Rectangle2D.Double(-handleW, 0.05, 2 * handleW, 0.95));
        Area head = new Area(new Rectangle2D.Double(off - headW / 2, 0, headW * 0.55, headH));
        if (rng.nextBoolean()) { // claw: a curved taper on one side
            Path2D.Double claw = new Path2D.Double();
            claw.moveTo(off + headW * 0.05, 0);
            claw.quadTo(off + headW * 0.35, -0.01, off + headW / 2, headH * uniform(rng, 0.5, 1.1));
            claw.quadTo(off + headW * 0.3, headH * 0.6, off + headW * 0.05, headH);
            claw.closePath();
            head.add(new Area(claw));
        } else {
            head.add(new Area(new Rectangle2D.Double(off, 0, headW / 2, headH)));
        }
        body.add(head);
        Drawing d = new Drawing(body, false);
        if (rng.nextBoolean()) d.dark().add(new Rectangle2D.Double(-handleW * 1.2, uniform(rng, 0.55, 0.7), 2.4 * handleW, 0.4));
        return d;
    }

    static Drawing key(SplittableRandom rng) {
        double bowR = uniform(rng, 0.1, 0.2), bowH = bowR * uniform(rng, 0.8, 1.25), hole = uniform(rng, 0.3, 0.55);
        double shaft = uniform(rng, 0.025, 0.05);
        Area body = new Area(new Ellipse2D.Double(-bowR, 0, 2 * bowR, 2 * bowH));
        body.subtract(new Area(new Ellipse2D.Double(-bowR * hole, bowH * (1 - hole), 2 * bowR * hole, 2 * bowH * hole)));
        body.add(new Area(new Rectangle2D.Double(-shaft, 2 * bowH - 0.02, 2 * shaft, 1 - 2 * bowH + 0.02)));
        int bits = 2 + rng.nextInt(3);
        double y = 1 - uniform(rng, 0.0, 0.05);
        for (int i = 0; i < bits && y > 0.55; i++) {
            double bh = uniform(rng, 0.03, 0.07);
            body.add(new Area(new Rectangle2D.Double(shaft - 0.005, y - bh, uniform(rng, 0.05, 0.14), bh)));
            y -= bh + uniform(rng, 0.0, 0.05);
        }
        return new Drawing(body, false);
    }

    /** The probe set's vase: a Rubin-style urn (flared rim, neck, shoulder, waist, foot), not {@link #vase}'s family. */
    static Drawing probeVase(SplittableRandom rng) {
        double rim = uniform(rng, 0.2, 0.3), neck = uniform(rng, 0.07, 0.12), neckT = uniform(rng, 0.12, 0.2);
        double shoulder = uniform(rng, 0.22, 0.32), shoulderT = uniform(rng, 0.35, 0.5);
        double waist = uniform(rng, 0.05, 0.09), waistT = uniform(rng, 0.72, 0.8), foot = uniform(rng, 0.14, 0.22);
        Drawing d = new Drawing(lathe(List.of(new double[] {0, rim}, new double[] {0.04, rim * 0.85},
                new double[] {neckT, neck}, new double[] {shoulderT, shoulder}, new double[] {waistT, waist},
                new double[] {0.92, foot}, new double[] {1, foot})), true);
        if (rng.nextBoolean()) rimOpening(d, rim, rng);
        return d;
    }

    // ---- building blocks ----------------------------------------------------------------------

    /**
     * The silhouette of a lathe object: radius knots {t, r} (t from 0 at the top to 1 at the bottom,
     * increasing) joined by a monotone cubic (no overshoot between knots), mirrored about x = 0.
     */
    static Area lathe(List<double[]> knots) {
        int n = knots.size();
        double[] t = new double[n], r = new double[n];
        for (int i = 0; i < n; i++) { t[i] = knots.get(i)[0]; r[i] = knots.get(i)[1]; }
        for (int i = 1; i < n; i++) if (!(t[i] > t[i - 1])) t[i] = t[i - 1] + 1e-4;
        int samples = 120;
        double[] ys = new double[samples + 1], rs = new double[samples + 1];
        for (int s = 0; s <= samples; s++) {
            ys[s] = t[0] + (t[n - 1] - t[0]) * s / samples;
            rs[s] = Math.max(0.004, pchip(t, r, ys[s]));
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(rs[0], ys[0]);
        for (int s = 1; s <= samples; s++) p.lineTo(rs[s], ys[s]);
        for (int s = samples; s >= 0; s--) p.lineTo(-rs[s], ys[s]);
        p.closePath();
        return new Area(p);
    }

    /** Monotone piecewise-cubic Hermite interpolation (Fritsch-Carlson) of (t, r) at x. */
    static double pchip(double[] t, double[] r, double x) {
        int n = t.length;
        if (x <= t[0]) return r[0];
        if (x >= t[n - 1]) return r[n - 1];
        int i = 0;
        while (x > t[i + 1]) i++;
        double h = t[i + 1] - t[i];
        double m0 = slope(t, r, i), m1 = slope(t, r, i + 1);
        double u = (x - t[i]) / h, u2 = u * u, u3 = u2 * u;
        return (2 * u3 - 3 * u2 + 1) * r[i] + (u3 - 2 * u2 + u) * h * m0 + (-2 * u3 + 3 * u2) * r[i + 1] + (u3 - u2) * h * m1;
    }

    private static double slope(double[] t, double[] r, int i) {
        int n = t.length;
        if (i == 0) return (r[1] - r[0]) / (t[1] - t[0]);
        if (i == n - 1) return (r[n - 1] - r[n - 2]) / (t[n - 1] - t[n - 2]);
        double d0 = (r[i] - r[i - 1]) / (t[i] - t[i - 1]), d1 = (r[i + 1] - r[i]) / (t[i + 1] - t[i]);
        if (d0 * d1 <= 0) return 0;
        return 2 / (1 / d0 + 1 / d1); // harmonic mean keeps it monotone
    }

    /** The opening of a vessel seen slightly from above: an ellipse on the rim, its inside darker. */
    private static void rimOpening(Drawing d, double rim, SplittableRandom rng) {
        double ry = rim * uniform(rng, 0.08, 0.22);
        d.body().add(new Area(new Ellipse2D.Double(-rim, -ry, 2 * rim, 2 * ry)));
        double in = rim * 0.88;
        d.dark().add(new Ellipse2D.Double(-in, -ry * 0.8, 2 * in, 1.6 * ry));
    }

    /** 1..3 decoration bands across a vessel, clipped to its silhouette. */
    private static void bands(Drawing d, SplittableRandom rng) {
        Rectangle2D b = d.body().getBounds2D();
        int n = 1 + rng.nextInt(3);
        for (int i = 0; i < n; i++) {
            double y = b.getMinY() + b.getHeight() * uniform(rng, 0.2, 0.85), h = b.getHeight() * uniform(rng, 0.015, 0.05);
            d.dark().add(clip(new Rectangle2D.Double(b.getMinX() - 1, y, b.getWidth() + 2, h), d.body()));
        }
    }

    private static Area clip(Shape s, Area body) {
        Area a = new Area(s);
        a.intersect(body);
        return a;
    }

    private static Area stroke(Shape s, double width) {
        return new Area(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(s));
    }
}
