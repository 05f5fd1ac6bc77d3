package illusions.stimuli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every stimulus of the workbench by name, with its parameters (name, default, range, meaning),
 * the control it is measured against, the masks its index uses, and the reference GPI
 * configuration. Controls are entries of their own whose defaults differ
 * ({@code kanizsa-square-rotated} = {@code kanizsa-square} with {@code rotation=90}).
 */
public final class StimulusCatalog {

    /**
     * @param name        command-line name
     * @param description one line
     * @param params      parameters with this entry's defaults
     * @param factory     builds the stimulus from checked parameters
     * @param control     name of the control entry this stimulus is compared with, or null for a control
     * @param regionA     mask whose mean is the index's positive side
     * @param regionB     mask whose mean is the index's negative side
     * @param reference   the reference GPI configuration (null if the reference ships none)
     */
    public record Entry(String name, String description, List<ParamSpec> params, Function<Params, Stimulus> factory,
            String control, String regionA, String regionB, ReferenceConfig reference) {

        public Stimulus create(Map<String, String> given) {
            Params p = Params.parse(name, params, given);
            try {
                return factory.apply(p);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
            }
        }

        public Stimulus create() { return create(Map.of()); }

        public ParamSpec param(String n) {
            for (ParamSpec s : params) if (s.name().equals(n)) return s;
            throw new IllegalArgumentException(name + " has no parameter '" + n + "'");
        }
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    private static void add(String name, String description, List<ParamSpec> params, Function<Params, Stimulus> f,
            String control, String a, String b, ReferenceConfig ref) {
        ENTRIES.put(name, new Entry(name, description, params, f, control, a, b, ref));
    }

    /** The same parameters with some defaults changed. */
    private static List<ParamSpec> with(List<ParamSpec> specs, String... nameValue) {
        List<ParamSpec> out = new ArrayList<>(specs);
        for (int i = 0; i < nameValue.length; i += 2) {
            boolean found = false;
            for (int j = 0; j < out.size(); j++) {
                if (out.get(j).name().equals(nameValue[i])) {
                    out.set(j, out.get(j).withDefault(nameValue[i + 1]));
                    found = true;
                }
            }
            if (!found) throw new IllegalStateException("no parameter " + nameValue[i]);
        }
        return List.copyOf(out);
    }

    static {
        String e = "illusory-edges", k = "control-band";
        List<ParamSpec> sq = KanizsaSquare.params();
        Function<Params, Stimulus> square = KanizsaSquare::fromParams;
        ReferenceConfig kz = ReferenceConfig.KANIZSA;
        add("kanizsa-square", "Kanizsa square: four pacman inducers bounding an illusory square", sq, square,
                "kanizsa-square-rotated", e, k, kz);
        add("kanizsa-square-rotated", "control: every inducer turned 90 deg about its centre",
                with(sq, "rotation", "90"), square, null, e, k, kz);
        add("kanizsa-square-slightly-rotated", "control: every inducer turned 15 deg",
                with(sq, "rotation", "15"), square, null, e, k, kz);
        add("kanizsa-square-outward", "control: inducers facing outwards (turned 180 deg)",
                with(sq, "rotation", "180"), square, null, e, k, kz);
        add("kanizsa-square-far-apart", "control: the same inducers too far apart (side 160, support ratio 0.375)",
                with(sq, "side", "160"), square, null, e, k, kz);
        add("kanizsa-square-real-contours", "control: the square's sides drawn between the inducers",
                with(sq, "contours", "true"), square, null, e, k, kz);
        List<ParamSpec> tri = KanizsaTriangle.params();
        add("kanizsa-triangle", "Kanizsa triangle: three 60-deg pacmen bounding an illusory triangle"
                + " (reference config: the square's, none shipped)", tri, KanizsaTriangle::fromParams,
                "kanizsa-triangle-rotated", e, k, kz);
        add("kanizsa-triangle-rotated", "control: every inducer turned 90 deg", with(tri, "rotation", "90"),
                KanizsaTriangle::fromParams, null, e, k, kz);
        List<ParamSpec> eh = Ehrenstein.params();
        add("ehrenstein", "Ehrenstein figure: radial lines around a gap that looks like a bright disc", eh,
                Ehrenstein::fromParams, "ehrenstein-tilted", e, k, ReferenceConfig.EHRENSTEIN);
        add("ehrenstein-tilted", "control: each line turned 45 deg about its midpoint", with(eh, "tilt", "45"),
                Ehrenstein::fromParams, null, e, k, ReferenceConfig.EHRENSTEIN);
        List<ParamSpec> rv = RubinVase.params();
        add("rubin-vase", "Rubin's face/vase: a vase whose outlines are two facing profiles (white vase on black)",
                rv, RubinVase::fromParams, "rubin-vase-oval", "face", "vase", ReferenceConfig.RUBIN);
        add("rubin-vase-black", "Rubin's face/vase, other polarity: black vase on white faces",
                with(rv, "polarity", "black-on-white"), RubinVase::fromParams, "rubin-vase-oval", "face", "vase",
                ReferenceConfig.RUBIN);
        add("rubin-vase-rectangle", "control: a bar of the vase's area and height, no profiles",
                with(rv, "shape", "rectangle"), RubinVase::fromParams, null, "face", "vase", ReferenceConfig.RUBIN);
        add("rubin-vase-oval", "control: an ellipse of the vase's area spanning the height",
                with(rv, "shape", "oval"), RubinVase::fromParams, null, "face", "vase", ReferenceConfig.RUBIN);
        List<ParamSpec> neon = NeonCircle.params();
        add("neon-circle", "neon colour spreading: lattice lines coloured inside a circle", neon,
                NeonCircle::fromParams, "neon-circle-black", "neon-disc", "control-region", ReferenceConfig.NEON);
        add("neon-circle-black", "control: all lattice lines black", with(neon, "coloured", "false"),
                NeonCircle::fromParams, null, "neon-disc", "control-region", ReferenceConfig.NEON);
        List<ParamSpec> cs = CornsweetBlock.params();
        add("cornsweet-block", "Cornsweet block: equal plateaus, opposite ramps at the border", cs,
                CornsweetBlock::fromParams, "cornsweet-block-uniform", "left", "right", ReferenceConfig.CORNSWEET);
        add("cornsweet-block-step", "control: a real luminance step", with(cs, "profile", "step"),
                CornsweetBlock::fromParams, null, "left", "right", ReferenceConfig.CORNSWEET);
        add("cornsweet-block-uniform", "control: uniform grey", with(cs, "profile", "uniform"),
                CornsweetBlock::fromParams, null, "left", "right", ReferenceConfig.CORNSWEET);
        List<ParamSpec> fg = FigureGroundTexture.params();
        add("lamme-figure-ground", "Lamme figure-ground: a square of orthogonally oriented texture", fg,
                FigureGroundTexture::fromParams, "lamme-figure-ground-homogeneous", "figure", "ground",
                ReferenceConfig.FIGURE_GROUND);
        add("lamme-figure-ground-homogeneous", "control: homogeneous texture (figure lines as the ground's)",
                with(fg, "figureDeg", "135"), FigureGroundTexture::fromParams, null, "figure", "ground",
                ReferenceConfig.FIGURE_GROUND);
        List<ParamSpec> cf = Confetti.params();
        add("confetti", "confetti illusion: equal grey targets under yellow (left) and blue (right) dots", cf,
                Confetti::fromParams, "confetti-swapped", "target-left", "target-right", ReferenceConfig.CONFETTI);
        add("confetti-swapped", "control: confetti colours exchanged", with(cf, "swap", "true"),
                Confetti::fromParams, null, "target-left", "target-right", ReferenceConfig.CONFETTI);
        List<ParamSpec> gc = GroupingByColour.params();
        add("grouping-colour", "grouping by colour: dot lattice with alternating red and blue columns", gc,
                GroupingByColour::fromParams, "grouping-colour-uniform", "within-group-gaps", "between-group-gaps",
                ReferenceConfig.GROUPING_COLOUR);
        add("grouping-colour-uniform", "control: all dots red", with(gc, "groupBy", "none"),
                GroupingByColour::fromParams, null, "within-group-gaps", "between-group-gaps",
                ReferenceConfig.GROUPING_COLOUR);
        List<ParamSpec> gn = GroupingByContinuity.params();
        add("grouping-continuity", "grouping by good continuation: aligned elements on an arc among random ones",
                gn, GroupingByContinuity::fromParams, "grouping-continuity-random", "path-gaps", "control-gaps",
                ReferenceConfig.GROUPING_CONTINUITY);
        add("grouping-continuity-random", "control: path elements randomly oriented", with(gn, "aligned", "false"),
                GroupingByContinuity::fromParams, null, "path-gaps", "control-gaps",
                ReferenceConfig.GROUPING_CONTINUITY);
    }

    private StimulusCatalog() {}

    public static List<String> names() { return List.copyOf(ENTRIES.keySet()); }

    public static List<Entry> entries() { return Collections.unmodifiableList(new ArrayList<>(ENTRIES.values())); }

    /** The entry of that name; an unknown name gets a message listing all names. */
    public static Entry entry(String name) {
        Entry e = ENTRIES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown stimulus '" + name + "'; allowed: " + String.join(", ", names()));
        }
        return e;
    }

    /** Builds a stimulus by name from command-line style parameters (unknown or bad values throw). */
    public static Stimulus create(String name, Map<String, String> params) { return entry(name).create(params); }

    public static Stimulus create(String name) { return create(name, Map.of()); }

    /** Human-readable listing: each name, its description, and its parameters. */
    public static String describe() {
        StringBuilder b = new StringBuilder();
        for (Entry e : ENTRIES.values()) {
            b.append(e.name()).append("  -  ").append(e.description());
            if (e.control() != null) b.append(" [control: ").append(e.control()).append(']');
            b.append("\n    index: ").append(e.regionA()).append(" vs ").append(e.regionB()).append('\n');
            for (ParamSpec p : e.params()) {
                b.append(String.format("    %-14s default %-15s %-40s %s%n", p.name(), p.defaultValue(), p.allowed(),
                        p.meaning()));
            }
        }
        return b.toString();
    }
}
