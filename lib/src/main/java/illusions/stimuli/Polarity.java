package illusions.stimuli;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Figure (inducers, lines, vase) colour on background colour. */
public enum Polarity {
    BLACK_ON_WHITE(0f, 1f),
    WHITE_ON_BLACK(1f, 0f);

    private final float figure;
    private final float background;

    Polarity(float figure, float background) {
        this.figure = figure;
        this.background = background;
    }

    public float figureGrey() { return figure; }

    public float backgroundGrey() { return background; }

    /** Command-line spelling: {@code black-on-white}, {@code white-on-black}. */
    public String label() { return name().toLowerCase().replace('_', '-'); }

    public static Polarity parse(String s) {
        for (Polarity p : values()) {
            if (p.label().equalsIgnoreCase(s) || p.name().equalsIgnoreCase(s)) return p;
        }
        throw new IllegalArgumentException("polarity '" + s + "' unknown; allowed: "
                + Arrays.stream(values()).map(Polarity::label).collect(Collectors.joining(", ")));
    }
}
