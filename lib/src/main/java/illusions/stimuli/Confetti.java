package illusions.stimuli;

import java.awt.Color;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Confetti illusion (after Novick): two identical grey target discs, left and right, under a
 * scatter of small dots. Dots over the left target are {@code colourA} (yellow), dots over the
 * right target {@code colourB} (blue), dots elsewhere are either colour at random. The targets
 * take on the colour of their confetti although they are the same grey. Control:
 * {@code swap = true} exchanges the two colours. Dot positions are seeded.
 *
 * <p>Masks: {@code target-left}, {@code target-right} (target pixels not under a dot, 1 render px
 * clear) and {@code confetti} (all dots).
 */
public record Confetti(double targetRadius, double targetGrey, double dotRadius, int dotCount, boolean swap, long seed)
        implements Stimulus {

    static final Color YELLOW = new Color(0.95f, 0.85f, 0.1f);
    static final Color BLUE = new Color(0.15f, 0.35f, 0.95f);
    static final double LEFT_X = 60, RIGHT_X = 164, Y = 112;

    public Confetti {
        Check.range("targetRadius", targetRadius, 4, 50);
        Check.range("targetGrey", targetGrey, 0, 1);
        Check.range("dotRadius", dotRadius, 0.5, 20);
        Check.range("dotCount", dotCount, 0, 20000);
    }

    public Confetti() { this(40, 0.6, 3, 500, false, 1); }

    public Confetti swappedControl() { return new Confetti(targetRadius, targetGrey, dotRadius, dotCount, true, seed); }

    @Override
    public RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Color.WHITE);
        Color target = Canvas.grey((float) targetGrey);
        Ellipse2D.Double left = disc(LEFT_X, Y, targetRadius), right = disc(RIGHT_X, Y, targetRadius);
        c.fill(left, target);
        c.fill(right, target);
        Color a = swap ? BLUE : YELLOW, b = swap ? YELLOW : BLUE;
        SplittableRandom rng = new SplittableRandom(seed);
        Area dots = new Area();
        for (int i = 0; i < dotCount; i++) {
            double x = rng.nextDouble() * REFERENCE_SIZE, y = rng.nextDouble() * REFERENCE_SIZE;
            boolean coin = rng.nextBoolean();
            Color col = Math.hypot(x - LEFT_X, y - Y) < targetRadius ? a
                    : Math.hypot(x - RIGHT_X, y - Y) < targetRadius ? b : coin ? a : b;
            Ellipse2D.Double dot = disc(x, y, dotRadius);
            c.fill(dot, col);
            dots.add(new Area(dot));
        }
        double m = c.renderPixels(1);
        double rr = dotRadius + m;
        Area clearance = new Area();
        SplittableRandom again = new SplittableRandom(seed); // same positions, enlarged
        for (int i = 0; i < dotCount; i++) {
            double x = again.nextDouble() * REFERENCE_SIZE, y = again.nextDouble() * REFERENCE_SIZE;
            again.nextBoolean();
            clearance.add(new Area(disc(x, y, rr)));
        }
        double inner = targetRadius - m;
        Mask l = c.mask("target-left", (x, y) -> Math.hypot(x - LEFT_X, y - Y) < inner && !clearance.contains(x, y));
        Mask r = c.mask("target-right", (x, y) -> Math.hypot(x - RIGHT_X, y - Y) < inner && !clearance.contains(x, y));
        return RenderedStimulus.of(c.toRgbImage(), List.of(l, r, c.mask("confetti", dots)));
    }

    static Ellipse2D.Double disc(double x, double y, double r) { return new Ellipse2D.Double(x - r, y - r, 2 * r, 2 * r); }

    static List<ParamSpec> params() {
        Confetti d = new Confetti();
        return List.of(
                ParamSpec.number("targetRadius", d.targetRadius, 4, 50, "radius of each grey target"),
                ParamSpec.number("targetGrey", d.targetGrey, 0, 1, "grey level of both targets"),
                ParamSpec.number("dotRadius", d.dotRadius, 0.5, 20, "radius of a confetti dot"),
                ParamSpec.integer("dots", d.dotCount, 0, 20000, "number of confetti dots"),
                ParamSpec.bool("swap", false, "exchange the confetti colours (control)"),
                ParamSpec.integer("seed", d.seed, Long.MIN_VALUE, Long.MAX_VALUE, "seed of the dot positions"));
    }

    static Confetti fromParams(Params p) {
        return new Confetti(p.number("targetRadius"), p.number("targetGrey"), p.number("dotRadius"),
                (int) p.integer("dots"), p.bool("swap"), p.integer("seed"));
    }
}
