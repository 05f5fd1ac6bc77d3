package illusions.world;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The shipped models were trained on these worlds: their pixels must not drift when the rendering
 * code is reorganised. The digests were taken from the code the models were trained with; a
 * deliberate change of a world needs new digests and a note in docs/worlds.md.
 */
class WorldPixelsPinnedTest {
    static final Map<String, String> PINNED = new TreeMap<>(Map.ofEntries(
            Map.entry("shapes", "58838d84cd3e0d58a643c36063fa3e3fe75ccbf53b8cbd41478488ecf0bc4c5d"),
            Map.entry("occlusion", "4c77ca956a54708a29c4e6ff67e6b57c0a7ed38e12a077ddfdc7510c6d081fb3"),
            Map.entry("faces", "779aae411557d4c5833175c4b8ea51505c9cf8a6d82d94ba2cc918f6f8c9006d"),
            Map.entry("objects", "d87d1c994085bae300caabb92cd98a6e1873520c727a7cfb75ee147bc8b88690"),
            Map.entry("faces-features", "d5c7c48f95c90a56385319a25e011cc2fa3efd2d1bd6af530a7d8ee1b1d6e1cd"),
            Map.entry("occlusion-full-range", "acfb8bd505599976b1f287a416da9078e1c5bed20c8a4e8fa2bda17a52d4bc20"),
            Map.entry("occlusion-support", "316fc31dd16c2cf86536d5607dc5b9508e587f49ae3dc8995242f532d41d7fdb"),
            Map.entry("faces-closeup", "f65575efdd6b4e8a6a78f0a25d584c15f79d8aff85e5c7a143f2065f9cb01904"),
            Map.entry("objects-closeup", "1c6554e26933fe50c067d369e6ad1228e515a20e696786ac695a5736e41c9170"),
            Map.entry("faces-closeup64", "0fffac7405e2e5b5e66680ec5732eef6aa55274a7b0c72d06a53935075a55331"),
            Map.entry("objects-closeup64", "7880c8b042ddcf2b0a5d9fd430c5db647ed64f392efbedc9a87897085f3e6525")));

    static String digest(World w) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (long i = 0; i < 30; i++) {
            for (long index : new long[] {i, World.HELD_OUT_OFFSET + i}) {
                World.Sample s = w.sample(index);
                float[] d = s.image().data();
                ByteBuffer b = ByteBuffer.allocate(4 * d.length + 4);
                for (float f : d) b.putFloat(f);
                b.putInt(s.label());
                md.update(b.array());
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    @Test
    void trainedWorldsRenderTheSamePixelsAsWhenTheModelsWereTrained() throws Exception {
        Map<String, String> now = new TreeMap<>();
        for (String name : PINNED.keySet()) now.put(name, digest(Worlds.create(name, null, 64, 2024)));
        assertEquals(PINNED, now);
    }
}
