package illusions.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import illusions.model.StateDict;
import illusions.model.TensorValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checkpoint fixtures written by lib/src/test/python/make_checkpoint_fixtures.py. */
final class Fixtures {
    private Fixtures() {}

    static Path dir() {
        try {
            return Path.of(Fixtures.class.getResource("/checkpoints/fixtures.json").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path file(String name) {
        return dir().resolve(name);
    }

    /** One entry of fixtures.json. */
    record Fixture(String file, String model, String format, String layout, String dtype, boolean strided) {
        Path path() {
            return Fixtures.file(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static List<Fixture> all() {
        JsonNode root = json(dir().resolve("fixtures.json"));
        List<Fixture> l = new ArrayList<>();
        for (JsonNode f : root.get("fixtures")) {
            l.add(new Fixture(f.get("file").asText(), f.get("model").asText(), f.get("format").asText(),
                    f.get("layout").asText(), f.path("dtype").asText("float32"), f.path("strided").asBoolean(false)));
        }
        return l;
    }

    /** reference/<model>/: index.json plus raw little-endian float32 arrays. */
    record Reference(String model, JsonNode index, Path dir) {
        TensorValue array(String name) {
            return read(dir.resolve(name + ".bin"), index.get("arrays").get(name));
        }

        TensorValue tensor(String key) {
            return read(dir.resolve("tensor." + key + ".bin"), index.get("tensors").get(key));
        }

        List<String> tensorKeys() {
            List<String> l = new ArrayList<>();
            index.get("tensors").fieldNames().forEachRemaining(l::add);
            return l;
        }

        int[] labels() {
            JsonNode a = index.get("labels");
            int[] r = new int[a.size()];
            for (int i = 0; i < r.length; i++) r[i] = a.get(i).asInt();
            return r;
        }

        float[] normalizer(String which) {
            JsonNode a = index.get("normalizer").get(which);
            float[] r = new float[a.size()];
            for (int i = 0; i < r.length; i++) r[i] = (float) a.get(i).asDouble();
            return r;
        }

        private static TensorValue read(Path p, JsonNode shapeNode) {
            long[] shape = new long[shapeNode.size()];
            for (int i = 0; i < shape.length; i++) shape[i] = shapeNode.get(i).asLong();
            try {
                ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p)).order(ByteOrder.LITTLE_ENDIAN);
                float[] d = new float[b.remaining() / 4];
                b.asFloatBuffer().get(d);
                return new TensorValue(shape, d);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Reference reference(String model) {
        Path d = dir().resolve("reference").resolve(model);
        return new Reference(model, json(d.resolve("index.json")), d);
    }

    static JsonNode json(Path p) {
        try {
            return new ObjectMapper().readTree(p.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a safetensors file (F32) from a state dict: for building bad inputs in tests. */
    static void writeSafetensors(Path file, Map<String, TensorValue> tensors) throws IOException {
        Map<String, Object> header = new LinkedHashMap<>();
        long off = 0;
        for (Map.Entry<String, TensorValue> e : tensors.entrySet()) {
            long n = e.getValue().size() * 4L;
            header.put(e.getKey(), Map.of("dtype", "F32", "shape", e.getValue().shape(), "data_offsets", List.of(off, off + n)));
            off += n;
        }
        byte[] h = new ObjectMapper().writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(8 + h.length + off)).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (TensorValue t : tensors.values()) for (float f : t.data()) b.putFloat(f);
        Files.write(file, b.array());
    }

    static void writeSafetensors(Path file, StateDict sd) throws IOException {
        writeSafetensors(file, sd.tensors());
    }
}
