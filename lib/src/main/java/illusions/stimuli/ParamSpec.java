package illusions.stimuli;

import java.util.List;
import java.util.Locale;

/**
 * One parameter of a catalogued stimulus: name, kind, default (as typed on the command line),
 * allowed range or choices, and a one-line meaning. Lengths are in 224-px reference pixels.
 */
public record ParamSpec(String name, Kind kind, String defaultValue, double min, double max, List<String> choices,
        String meaning) {

    public enum Kind { NUMBER, INTEGER, BOOLEAN, CHOICE }

    public static ParamSpec number(String name, double def, double min, double max, String meaning) {
        return new ParamSpec(name, Kind.NUMBER, Check.fmt(def), min, max, List.of(), meaning);
    }

    public static ParamSpec integer(String name, long def, long min, long max, String meaning) {
        return new ParamSpec(name, Kind.INTEGER, Long.toString(def), min, max, List.of(), meaning);
    }

    public static ParamSpec bool(String name, boolean def, String meaning) {
        return new ParamSpec(name, Kind.BOOLEAN, Boolean.toString(def), 0, 1, List.of("true", "false"), meaning);
    }

    public static ParamSpec choice(String name, String def, List<String> choices, String meaning) {
        return new ParamSpec(name, Kind.CHOICE, def, 0, 0, List.copyOf(choices), meaning);
    }

    public ParamSpec withDefault(String def) {
        return new ParamSpec(name, kind, def, min, max, choices, meaning);
    }

    /** What is allowed, e.g. "number in [1, 224]" or "one of black-on-white, white-on-black". */
    public String allowed() {
        return switch (kind) {
            case NUMBER -> "number in [" + Check.fmt(min) + ", " + Check.fmt(max) + "]";
            case INTEGER -> "integer in [" + (long) min + ", " + (long) max + "]";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of " + String.join(", ", choices);
        };
    }

    /** Parses and range-checks a value; the message names the parameter and what is allowed. */
    Object parse(String stimulus, String value) {
        String v = value.trim();
        String bad = stimulus + ": " + name + "=" + value + " is not allowed; " + name + " must be " + allowed();
        switch (kind) {
            case NUMBER -> {
                double d;
                try {
                    d = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(bad);
                }
                if (!(d >= min && d <= max)) throw new IllegalArgumentException(bad);
                return d;
            }
            case INTEGER -> {
                long l;
                try {
                    l = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(bad);
                }
                if (l < min || l > max) throw new IllegalArgumentException(bad);
                return l;
            }
            case BOOLEAN -> {
                String s = v.toLowerCase(Locale.ROOT);
                if (!s.equals("true") && !s.equals("false")) throw new IllegalArgumentException(bad);
                return Boolean.parseBoolean(s);
            }
            default -> {
                for (String c : choices) if (c.equalsIgnoreCase(v)) return c;
                throw new IllegalArgumentException(bad);
            }
        }
    }
}
