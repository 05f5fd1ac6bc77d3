package illusions.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The safetensors format: an 8-byte little-endian header length N, N bytes of JSON
 * ({@code name: {dtype, shape, data_offsets: [begin, end]}}, optional {@code __metadata__}), then the
 * little-endian data, offsets relative to its start. Nothing in it can execute.
 */
final class SafetensorsReader {
    static final long MAX_HEADER = 100L << 20;

    private SafetensorsReader() {}

    /** Whether the first bytes look like a safetensors header (a sane length, then '{'). */
    static boolean looksLike(byte[] head, long fileSize) {
        if (head.length < 9) return false;
        long n = ByteBuffer.wrap(head, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return n > 1 && n <= MAX_HEADER && head[8] == '{';
    }

    static RawCheckpoint read(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            ByteBuffer lenBuf = readFully(ch, 0, 8);
            long n = lenBuf.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > MAX_HEADER || 8 + n > size) {
                throw new CheckpointException("truncated or not safetensors: header of " + n + " bytes in a file of "
                        + size);
            }
            ByteBuffer hb = readFully(ch, 8, (int) n);
            JsonNode header;
            try {
                header = new ObjectMapper().readTree(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new CheckpointException("safetensors header is not valid JSON (" + e.getMessage() + ")", e);
            }
            if (header == null || !header.isObject()) throw new CheckpointException("safetensors header is not a JSON object");
            long dataStart = 8 + n;
            Map<String, Object> tensors = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.equals("__metadata__")) continue;
                JsonNode t = e.getValue();
                DType dtype = DType.ofSafetensors(t.path("dtype").asText());
                if (dtype == null) {
                    throw new CheckpointException("key '" + name + "' has unsupported dtype '" + t.path("dtype").asText() + "'");
                }
                JsonNode sh = t.path("shape");
                JsonNode off = t.path("data_offsets");
                if (!sh.isArray() || !off.isArray() || off.size() != 2) {
                    throw new CheckpointException("key '" + name + "' lacks shape or data_offsets");
                }
                long[] shape = new long[sh.size()];
                long numel = 1;
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = sh.get(i).asLong(-1);
                    if (shape[i] < 0) throw new CheckpointException("key '" + name + "' has a bad shape " + sh);
                    numel = Math.multiplyExact(numel, shape[i]);
                }
                long begin = off.get(0).asLong(-1);
                long end = off.get(1).asLong(-1);
                if (begin < 0 || end < begin || end - begin != numel * dtype.size) {
                    throw new CheckpointException("key '" + name + "' with shape " + sh + " has data_offsets " + off
                            + " (" + numel * dtype.size + " bytes expected)");
                }
                if (dataStart + end > size) {
                    throw new CheckpointException("truncated: key '" + name + "' with shape " + sh + " ends at byte "
                            + (dataStart + end) + " but the file has " + size);
                }
                long[] stride = new long[shape.length];
                long s = 1;
                for (int i = shape.length - 1; i >= 0; i--) {
                    stride[i] = s;
                    s *= shape[i];
                }
                long pos = dataStart + begin;
                StorageRef st = new StorageRef(name, dtype, numel,
                        r -> readFully(ch, pos, Math.toIntExact(r.numel() * r.dtype.size)).order(ByteOrder.LITTLE_ENDIAN));
                tensors.put(name, new TensorRef(st, 0, shape, stride));
            }
            return new RawCheckpoint("safetensors", tensors, Set.of(), ch);
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    static ByteBuffer readFully(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new EOFException("unexpected end of file at byte " + (pos + b.position()));
        }
        return b.flip();
    }
}
