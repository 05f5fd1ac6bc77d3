package illusions.stimuli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Parameter values checked against a stimulus's {@link ParamSpec}s, defaults filled in. */
public final class Params {
    private final Map<String, Object> values;

    private Params(Map<String, Object> values) { this.values = values; }

    /**
     * Checks {@code given} against {@code specs}: unknown names and bad values throw an
     * IllegalArgumentException whose one-line message lists what is allowed.
     */
    public static Params parse(String stimulus, List<ParamSpec> specs, Map<String, String> given) {
        Map<String, ParamSpec> byName = new HashMap<>();
        for (ParamSpec s : specs) byName.put(s.name(), s);
        for (String k : given.keySet()) {
            if (!byName.containsKey(k)) {
                throw new IllegalArgumentException(stimulus + " has no parameter '" + k + "'; allowed: "
                        + specs.stream().map(ParamSpec::name).collect(Collectors.joining(", ")));
            }
        }
        Map<String, Object> v = new LinkedHashMap<>();
        for (ParamSpec s : specs) v.put(s.name(), s.parse(stimulus, given.getOrDefault(s.name(), s.defaultValue())));
        return new Params(v);
    }

    private Object get(String name) {
        Object o = values.get(name);
        if (o == null) throw new IllegalStateException("parameter '" + name + "' is not declared");
        return o;
    }

    public double number(String name) { return ((Number) get(name)).doubleValue(); }

    public long integer(String name) { return ((Number) get(name)).longValue(); }

    public boolean bool(String name) { return (Boolean) get(name); }

    public String choice(String name) { return (String) get(name); }

    public Polarity polarity(String name) { return Polarity.parse(choice(name)); }

    /** All values, as given or defaulted, in declaration order. */
    public Map<String, Object> asMap() { return java.util.Collections.unmodifiableMap(values); }
}
