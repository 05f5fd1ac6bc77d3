package illusions.world;

import illusions.image.RgbImage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Paint;
import java.awt.Rectangle;
import java.awt.Shape;
import java.awt.TexturePaint;
import java.awt.geom.AffineTransform;
import java.awt.geom.Arc2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * What the face and object worlds share: a figure/ground tone pair of either polarity, a
 * background, distractor marks, occluders and the conversion to a noisy float image. The figure's
 * tones are drawn from the image's own stream, never from its label, so that polarity, contrast and
 * tint carry no class information.
 */
final class Scene {
    final int size;
    final SplittableRandom rng;
    final boolean darkFigure;
    final double bgLevel;
    final double fgLevel;
    final float[] bgTint;
    final float[] fgTint;
    final BufferedImage background;
    final BufferedImage image;
    final Graphics2D g;

    /**
     * A scene whose figure is darker than the ground (dark figure on light ground) or lighter (light
     * on dark), at random, by at least {@code minContrast}; figure tones leave room for a darker
     * detail tone (hair, rim openings) of at least 0.1 below.
     */
    Scene(int size, double minContrast, double tintProbability, SplittableRandom rng) {
        this.size = size;
        this.rng = rng;
        darkFigure = rng.nextBoolean();
        double c = uniform(rng, minContrast, 0.7);
        double low = uniform(rng, darkFigure ? 0.2 : 0.03, 0.97 - c);
        fgLevel = darkFigure ? low : low + c;
        bgLevel = darkFigure ? low + c : low;
        bgTint = tint(tintProbability, rng);
        fgTint = tint(tintProbability, rng);
        background = ShapeWorld.background(size, bgLevel, bgTint, rng);
        image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        g = ShapeWorld.canvas(image);
        g.drawImage(background, 0, 0, null);
    }

    /**
     * A tone darker than the figure (hair, the inside of a rim) by 0.1..0.22, kept at least 0.06
     * above a dark ground where there is room, so it never merges with the ground.
     */
    double darkerDetail() {
        double level = fgLevel - uniform(rng, 0.1, 0.22);
        if (!darkFigure) level = Math.max(level, Math.min(fgLevel - 0.06, bgLevel + 0.06));
        return Math.max(0.0, level);
    }

    Color fg(double level) {
        return ShapeWorld.grey(ShapeWorld.clamp(level), fgTint);
    }

    /** The background's own paint (an occluder of this colour is seen only by what it hides). */
    Paint backgroundPaint() {
        return new TexturePaint(background, new Rectangle(0, 0, size, size));
    }

    /** A grey at least 0.12 away from the background, either side. */
    double otherGrey() {
        for (int k = 0; k < 8; k++) {
            double v = rng.nextDouble();
            if (Math.abs(v - bgLevel) >= 0.12) return v;
        }
        return bgLevel > 0.5 ? bgLevel - 0.3 : bgLevel + 0.3;
    }

    /**
     * Up to {@code maxMarks} distractor marks (blobs, strokes, arcs, small boxes) anywhere on the
     * background, drawn before the figure so they lie behind it.
     */
    void clutter(int maxMarks) {
        int n = maxMarks <= 0 ? 0 : rng.nextInt(maxMarks + 1);
        for (int m = 0; m < n; m++) {
            g.setColor(ShapeWorld.grey(otherGrey(), rng.nextBoolean() ? bgTint : tint(0.5, rng)));
            double x = size * rng.nextDouble(), y = size * rng.nextDouble();
            double r = size * (0.015 + 0.05 * rng.nextDouble());
            g.setStroke(new BasicStroke((float) Math.max(1.0, size * (0.012 + 0.02 * rng.nextDouble())),
                    BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            switch (rng.nextInt(4)) {
                case 0 -> {
                    double a = r * (0.6 + 0.8 * rng.nextDouble());
                    g.fill(AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), x, y)
                            .createTransformedShape(new Ellipse2D.Double(x - a, y - r, 2 * a, 2 * r)));
                }
                case 1 -> {
                    double a = Math.PI * rng.nextDouble(), len = 2.5 * r;
                    g.draw(new Line2D.Double(x, y, x + len * Math.cos(a), y + len * Math.sin(a)));
                }
                case 2 -> g.draw(new Arc2D.Double(x - r, y - r, 2 * r, 2 * r, 360 * rng.nextDouble(),
                        90 + 150 * rng.nextDouble(), Arc2D.OPEN));
                default -> g.fill(AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), x, y)
                        .createTransformedShape(new Rectangle2D.Double(x - r, y - r / 2, 2 * r, r)));
            }
        }
    }

    /**
     * Up to {@code max} occluders over the figure's pixel bounds: a disc, a box or a band, in the
     * background's paint (a gap to complete) or, a third of the time, in another grey.
     */
    void occlude(Rectangle2D figure, int max) {
        int n = 1 + rng.nextInt(Math.max(1, max));
        double extent = Math.max(figure.getWidth(), figure.getHeight());
        for (int k = 0; k < n; k++) {
            double ox = figure.getX() + figure.getWidth() * rng.nextDouble();
            double oy = figure.getY() + figure.getHeight() * rng.nextDouble();
            Shape occ;
            switch (rng.nextInt(3)) {
                case 0 -> {
                    double r = extent * (0.08 + 0.12 * rng.nextDouble());
                    occ = new Ellipse2D.Double(ox - r, oy - r, 2 * r, 2 * r);
                }
                case 1 -> {
                    double w = extent * (0.12 + 0.2 * rng.nextDouble()), h = extent * (0.1 + 0.2 * rng.nextDouble());
                    occ = AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), ox, oy)
                            .createTransformedShape(new Rectangle2D.Double(ox - w / 2, oy - h / 2, w, h));
                }
                default -> {
                    double w = extent * (0.04 + 0.08 * rng.nextDouble());
                    occ = AffineTransform.getRotateInstance(Math.PI * rng.nextDouble(), ox, oy)
                            .createTransformedShape(new Rectangle2D.Double(ox - 2 * extent, oy - w / 2, 4 * extent, w));
                }
            }
            if (rng.nextDouble() < 0.67) g.setPaint(backgroundPaint());
            else g.setColor(ShapeWorld.grey(otherGrey(), tint(0.5, rng)));
            g.fill(occ);
        }
    }

    /** A rendered image with its figure's polarity (kept so tests can check polarity is balanced). */
    record Picture(RgbImage image, boolean darkFigure) {}

    /** The finished picture with additive Gaussian noise of a random level up to {@code maxNoise}. */
    Picture finish(double maxNoise) {
        g.dispose();
        return new Picture(ShapeWorld.withNoise(image, maxNoise, rng), darkFigure);
    }

    static float[] tint(double probability, SplittableRandom rng) {
        if (rng.nextDouble() >= probability) return new float[] {1f, 1f, 1f};
        return new float[] {(float) (0.85 + 0.3 * rng.nextDouble()), (float) (0.85 + 0.3 * rng.nextDouble()),
                (float) (0.85 + 0.3 * rng.nextDouble())};
    }

    static double uniform(SplittableRandom rng, double lo, double hi) {
        return lo + (hi - lo) * rng.nextDouble();
    }
}
