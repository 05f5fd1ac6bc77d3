package illusions.stimuli;

import illusions.image.RgbImage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A rendered stimulus: the image the network sees and the named regions the metrics read. */
public record RenderedStimulus(RgbImage image, Map<String, Mask> masks) {

    public RenderedStimulus {
        for (Map.Entry<String, Mask> e : masks.entrySet()) {
            Mask m = e.getValue();
            if (!e.getKey().equals(m.name())) {
                throw new IllegalArgumentException("mask stored as '" + e.getKey() + "' is named '" + m.name() + "'");
            }
            if (m.height() != image.height() || m.width() != image.width()) {
                throw new IllegalArgumentException("mask '" + m.name() + "' is " + m.height() + "x" + m.width()
                        + " but the image is " + image.height() + "x" + image.width());
            }
        }
        masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
    }

    static RenderedStimulus of(RgbImage image, List<Mask> masks) {
        Map<String, Mask> byName = new LinkedHashMap<>();
        for (Mask m : masks) {
            if (byName.put(m.name(), m) != null) {
                throw new IllegalArgumentException("two masks named '" + m.name() + "'");
            }
        }
        return new RenderedStimulus(image, byName);
    }

    /** The mask with this name; an unknown name gets a message listing the masks there are. */
    public Mask mask(String name) {
        Mask m = masks.get(name);
        if (m == null) {
            throw new IllegalArgumentException("no mask '" + name + "'; this stimulus has: "
                    + String.join(", ", masks.keySet()));
        }
        return m;
    }

    public boolean hasMask(String name) { return masks.containsKey(name); }

    public int size() { return image.height(); }
}
