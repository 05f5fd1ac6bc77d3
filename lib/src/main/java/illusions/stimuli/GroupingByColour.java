package illusions.stimuli;

import java.awt.Color;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.util.List;

/**
 * Grouping by colour similarity: a square lattice of {@code count x count} equally spaced dots
 * whose columns alternate red and blue, so the dots group into columns although rows and columns
 * are equally close. Control: {@code groupBy = none} (all dots one colour, red).
 *
 * <p>Masks: {@code within-group-gaps} (the gaps between vertically neighbouring dots: same
 * column, same colour) and {@code between-group-gaps} (between horizontal neighbours: different
 * colours); the two are congruent by construction. {@code dots}: the dots.
 */
public record GroupingByColour(int count, double spacing, double dotRadius, String groupBy) implements Stimulus {

    public static final List<String> GROUPINGS = List.of("columns", "none");
    static final Color RED = new Color(0.9f, 0.15f, 0.15f);
    static final Color BLUE = new Color(0.15f, 0.3f, 0.9f);

    public GroupingByColour {
        Check.range("count", count, 2, 32);
        Check.positive("spacing", spacing);
        Check.positive("dotRadius", dotRadius);
        if (!GROUPINGS.contains(groupBy)) {
            throw new IllegalArgumentException("groupBy '" + groupBy + "' unknown; allowed: " + String.join(", ", GROUPINGS));
        }
        if (2 * dotRadius >= spacing) throw new IllegalArgumentException("dots touch: 2 x dotRadius must be under spacing");
        if ((count - 1) * spacing + 2 * dotRadius > REFERENCE_SIZE) {
            throw new IllegalArgumentException("lattice (count - 1) x spacing + 2 x dotRadius = "
                    + Check.fmt((count - 1) * spacing + 2 * dotRadius) + " does not fit the 224-px frame");
        }
    }

    public GroupingByColour() { this(6, 30, 7, "columns"); }

    public GroupingByColour uniformControl() { return new GroupingByColour(count, spacing, dotRadius, "none"); }

    double position(int i) { return REFERENCE_SIZE / 2.0 + (i - (count - 1) / 2.0) * spacing; }

    @Override
    public RenderedStimulus render(int size) {
        Canvas c = new Canvas(size, Color.WHITE);
        Area dots = new Area();
        for (int row = 0; row < count; row++) {
            for (int col = 0; col < count; col++) {
                Ellipse2D.Double d = new Ellipse2D.Double(position(col) - dotRadius, position(row) - dotRadius,
                        2 * dotRadius, 2 * dotRadius);
                c.fill(d, groupBy.equals("columns") && col % 2 == 1 ? BLUE : RED);
                dots.add(new Area(d));
            }
        }
        double m = c.renderPixels(1);
        double half = dotRadius; // gap rectangles as wide as a dot
        double lo = position(0), hi = position(count - 1);
        Mask within = c.mask("within-group-gaps", (x, y) -> gap(y, x, half, m, lo, hi));
        Mask between = c.mask("between-group-gaps", (x, y) -> gap(x, y, half, m, lo, hi));
        return RenderedStimulus.of(c.toRgbImage(), List.of(within, between, c.mask("dots", dots)));
    }

    /**
     * Whether (along, across) lies between two neighbouring dots along the {@code along} axis:
     * across within a dot's half-width of a lattice line, along strictly between dot edges.
     */
    private boolean gap(double along, double across, double half, double m, double lo, double hi) {
        double ia = (across - lo) / spacing, il = (along - lo) / spacing;
        long na = Math.round(ia);
        if (na < 0 || na >= count || Math.abs(across - position((int) na)) >= half) return false;
        if (along <= lo || along >= hi) return false;
        double f = il - Math.floor(il); // position within the cell, 0..1
        double fromDot = Math.min(f, 1 - f) * spacing;
        return fromDot > dotRadius + m;
    }

    static List<ParamSpec> params() {
        GroupingByColour d = new GroupingByColour();
        return List.of(
                ParamSpec.integer("count", d.count, 2, 32, "dots per row and per column"),
                ParamSpec.number("spacing", d.spacing, 2, 224, "distance between neighbouring dot centres"),
                ParamSpec.number("dotRadius", d.dotRadius, 0.5, 50, "dot radius"),
                ParamSpec.choice("groupBy", d.groupBy, GROUPINGS, "alternate colours by column, or none (control)"));
    }

    static GroupingByColour fromParams(Params p) {
        return new GroupingByColour((int) p.integer("count"), p.number("spacing"), p.number("dotRadius"),
                p.choice("groupBy"));
    }
}
