package illusions.checkpoint;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
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
            if (size < 8) throw new CheckpointException("truncated: a safetensors file needs at least 8 bytes, this one has " + size);
            ByteBuffer lenBuf = readFully(ch, 0, 8);
            long n = lenBuf.order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (n < 2 || n > MAX_HEADER || n > size - 8) {
                throw new CheckpointException("truncated or not safetensors: the first 8 bytes claim a header of "
                        + Long.toUnsignedString(n) + " bytes in a file of " + size);
            }
            ByteBuffer hb = readFully(ch, 8, (int) n);
            JsonNode header;
            try {
                header = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                        .readTree(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                String where = e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset();
                String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
                        ? "repeats a key" : "is not valid JSON";
                throw new CheckpointException("the safetensors header (" + n + " bytes) " + what + where, e);
            }
            if (header == null || !header.isObject()) throw new CheckpointException("safetensors header is not a JSON object");
            long dataStart = 8 + n;
            long dataSize = size - dataStart;
            Map<String, Object> tensors = new LinkedHashMap<>();
            List<long[]> spans = new ArrayList<>(); // begin, end, index into names
            List<String> names = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String name = e.getKey();
                if (name.equals("__metadata__")) continue;
                JsonNode t = e.getValue();
                if (!t.isObject()) throw new CheckpointException("key '" + name + "' is not a tensor description");
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
                    shape[i] = sh.get(i).canConvertToExactIntegral() && sh.get(i).canConvertToLong() ? sh.get(i).asLong() : -1;
                    if (shape[i] < 0) throw new CheckpointException("key '" + name + "' has a bad shape " + sh);
                    numel = TensorRef.multiply(numel, shape[i], "key '" + name + "' with shape " + sh);
                }
                long nbytes = TensorRef.multiply(numel, dtype.size, "key '" + name + "' with shape " + sh);
                long begin = off.get(0).canConvertToExactIntegral() && off.get(0).canConvertToLong() ? off.get(0).asLong() : -1;
                long end = off.get(1).canConvertToExactIntegral() && off.get(1).canConvertToLong() ? off.get(1).asLong() : -1;
                if (begin < 0 || end < begin || end - begin != nbytes) {
                    throw new CheckpointException("key '" + name + "' with shape " + sh + " has data_offsets " + off
                            + " (" + nbytes + " bytes expected)");
                }
                if (end > dataSize) {
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
                        r -> readFully(ch, pos, TensorRef.toInt(nbytes, "key '" + name + "'")).order(ByteOrder.LITTLE_ENDIAN));
                tensors.put(name, new TensorRef(st, 0, shape, stride));
                spans.add(new long[] {begin, end, names.size()});
                names.add(name);
            }
            checkTiling(spans, names, dataStart, dataSize);
            return new RawCheckpoint("safetensors", tensors, Set.of(), ch, List.of(new long[] {dataStart, size}));
        } catch (RuntimeException | IOException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * The tensors must tile the data region exactly: offsets contiguous from 0, no gap, no
     * overlap, nothing after the last one. Anything else is a shifted, damaged or doctored file.
     */
    static void checkTiling(List<long[]> spans, List<String> names, long dataStart, long dataSize) {
        spans.sort(Comparator.<long[]>comparingLong(a -> a[0]).thenComparingLong(a -> a[1]));
        long expect = 0;
        String previous = null;
        for (long[] sp : spans) {
            String name = names.get((int) sp[2]);
            if (sp[0] > expect) {
                throw new CheckpointException("the tensors do not tile the data region: " + (sp[0] - expect)
                        + " unused bytes before key '" + name + "' (data_offsets from " + sp[0] + ", "
                        + (previous == null ? "the data region starts at 0" : "key '" + previous + "' ends at " + expect)
                        + "): a shifted or damaged file");
            }
            if (sp[0] < expect) {
                throw new CheckpointException("the tensors do not tile the data region: key '" + name
                        + "' (data_offsets from " + sp[0] + ") overlaps key '" + previous + "' (ending at " + expect
                        + "): a damaged file");
            }
            expect = sp[1];
            previous = name;
        }
        if (expect != dataSize) {
            throw new CheckpointException("the tensors do not tile the data region: " + (dataSize - expect)
                    + " bytes follow the last tensor (the data region from byte " + dataStart + " has " + dataSize
                    + " bytes, the tensors cover " + expect + "): a shifted, appended-to or damaged file");
        }
    }

    static ByteBuffer readFully(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) throw new CheckpointException("truncated: the file ends at byte " + (pos + b.position()));
        }
        return b.flip();
    }
}
