package illusions.world;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;

/**
 * The registry of training worlds by name ({@code train --world NAME}). A world is rebuilt from its
 * name, its parameter record as a JSON-like map (as stored in checkpoints and model cards), and its
 * seed, so a checkpoint never depends on the defaults of a later version.
 */
public final class Worlds {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** One kind of world: its parameter record, the record's defaults at a size, and how to build it. */
    public record Kind<P extends Record>(String name, String description, Class<P> paramsClass, IntFunction<P> defaults,
            BiFunction<P, Long, World> create, List<String> classNames) {
        World build(Map<String, Object> settings, long seed) {
            P p = JSON.convertValue(settings, paramsClass);
            return create.apply(p, seed);
        }
    }

    private static final Map<String, Kind<?>> KINDS = new LinkedHashMap<>();

    static {
        register(new Kind<>("shapes", "one shape of 10 classes, filled or outlined, partly occluded",
                WorldParams.class, WorldParams::defaults, ShapeWorld::new, ShapeWorld.CLASS_NAMES));
        register(new Kind<>("occlusion", "layered scenes: name the front surface, often camouflaged in the background's paint",
                OcclusionParams.class, OcclusionParams::defaults, OcclusionWorld::new, ShapeWorld.CLASS_NAMES));
        register(new Kind<>("occlusion-support", "the occlusion world in which support carries the evidence: large cut leaves"
                + " on the labelled surface, accidental alignments of small ones elsewhere",
                OcclusionParams.class, OcclusionParams::supportGraded, OcclusionWorld::new, ShapeWorld.CLASS_NAMES));
        register(new Kind<>("occlusion-full-range", "the occlusion world with backgrounds over the whole grey range,"
                + " black and white included, and leaves of up to full contrast",
                OcclusionParams.class, OcclusionParams::fullRange, OcclusionWorld::new, ShapeWorld.CLASS_NAMES));
        register(new Kind<>("faces", "profile heads of 24 identities (class = identity), either facing, either polarity",
                FaceParams.class, FaceParams::defaults, FaceWorld::new, FaceWorld.CLASS_NAMES));
        register(new Kind<>("faces-features", "the faces world in which the eye, brow and ear belong to the identity too",
                FaceParams.class, FaceParams::identityFeatures, FaceWorld::new, FaceWorld.CLASS_NAMES));
        register(new Kind<>("objects", "14 everyday objects seen from the side (vase, goblet, cup, bottle, ...), class = type",
                ObjectParams.class, ObjectParams::defaults, ObjectWorld::new, ObjectWorld.CLASS_NAMES));
        register(new Kind<>("faces-closeup", "the faces-features world framed as close-ups: larger heads, the back of"
                + " the head often cut by the frame", FaceParams.class, FaceParams::closeUp, FaceWorld::new, FaceWorld.CLASS_NAMES));
        register(new Kind<>("faces-closeup64", "the close-up faces world with 64 identities instead of 24",
                FaceParams.class, FaceParams::closeUp64, FaceWorld::new, FaceWorld.classNames(64)));
        register(new Kind<>("objects-closeup", "the objects world framed as close-ups: objects up to the full side, up to"
                + " a quarter beyond the frame", ObjectParams.class, ObjectParams::closeUp, ObjectWorld::new, ObjectWorld.CLASS_NAMES));
        register(new Kind<>("objects-closeup64", "the close-up objects world with 64 fixed designs (class = design) instead"
                + " of 14 types", ObjectParams.class, ObjectParams::closeUp64, ObjectWorld::new, ObjectWorld.designNames(64)));
    }

    private Worlds() {}

    static void register(Kind<?> kind) {
        KINDS.put(kind.name(), kind);
    }

    public static List<String> names() {
        return List.copyOf(KINDS.keySet());
    }

    public static Kind<?> kind(String name) {
        Kind<?> k = KINDS.get(name);
        if (k == null) throw new IllegalArgumentException("unknown world '" + name + "': choose one of " + names());
        return k;
    }

    public static List<String> classNames(String name) {
        return kind(name).classNames();
    }

    /** The default parameters of world {@code name} at {@code size} pixels, as a map. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> defaultSettings(String name, int size) {
        return JSON.convertValue(kind(name).defaults().apply(size), LinkedHashMap.class);
    }

    /** A parameter record as a map (what checkpoints and model cards store). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> settingsOf(Record params) {
        return JSON.convertValue(params, LinkedHashMap.class);
    }

    /** Builds world {@code name} from its settings (null = the defaults at {@code size}). */
    public static World create(String name, Map<String, Object> settings, int size, long seed) {
        Kind<?> k = kind(name);
        Map<String, Object> s = settings != null ? settings : defaultSettings(name, size);
        try {
            World w = k.build(s, seed);
            if (w.size() != size) {
                throw new IllegalArgumentException("world images are " + w.size() + " px but the input size is " + size);
            }
            return w;
        } catch (IllegalArgumentException e) {
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new IllegalArgumentException("world '" + name + "' settings " + s + " are not valid: " + root.getMessage(), e);
        }
    }
}
