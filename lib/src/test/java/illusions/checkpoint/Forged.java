package illusions.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Doctored copies of the fixtures, each with one named defect. */
final class Forged {
    private Forged() {}

    static byte[] bytes(String fixture) throws IOException {
        return Files.readAllBytes(Fixtures.file(fixture));
    }

    static long le64(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    static void putLe(byte[] b, int at, long v, int width) {
        for (int i = 0; i < width; i++) b[at + i] = (byte) (v >>> (8 * i));
    }

    static byte[] insert(byte[] b, int at, byte[] ins) {
        byte[] r = new byte[b.length + ins.length];
        System.arraycopy(b, 0, r, 0, at);
        System.arraycopy(ins, 0, r, at, ins.length);
        System.arraycopy(b, at, r, at + ins.length, b.length - at);
        return r;
    }

    /** Every forged file, by name: what is wrong with it is in the name. */
    static Map<String, byte[]> all() throws IOException {
        Map<String, byte[]> m = new LinkedHashMap<>();
        // safetensors: 4 bytes inserted at the start of the data region shift every tensor
        byte[] st = bytes("robustness_basic.safetensors");
        int dataStart = (int) (8 + le64(st, 0));
        m.put("shifted_by_4.safetensors", insert(st, dataStart, new byte[] {1, 2, 3, 4}));
        m.put("trailing_bytes.safetensors", Arrays.copyOf(st, st.length + 16));
        // safetensors: a header length far beyond the file
        byte[] hl = st.clone();
        putLe(hl, 0, 90L << 20, 8);
        m.put("header_length.safetensors", hl);
        // legacy: the first storage's element count forged to 2^40 (it used to be allocated before being checked)
        byte[] lg = bytes("robustness_legacy_basic.pt");
        long first = CheckpointReaderAccess.firstStorageData(Fixtures.file("robustness_legacy_basic.pt"));
        byte[] count = lg.clone();
        putLe(count, (int) first - 8, 1L << 40, 8);
        m.put("storage_count_2e40_legacy.pt", count);
        byte[] neg = lg.clone();
        putLe(neg, (int) first - 8, -638620907905735844L, 8);
        m.put("storage_count_negative_legacy.pt", neg);
        byte[] off = lg.clone();
        putLe(off, (int) first - 8, le64(lg, (int) first - 8) + 1, 8);
        m.put("storage_count_plus_one_legacy.pt", off);
        m.put("trailing_bytes_legacy.pt", Arrays.copyOf(lg, lg.length + 4));
        // legacy: a LONG4 opcode claiming 2 GB of digits right after the magic number
        byte[] long4 = Arrays.copyOf(TorchLegacyReader.PREFIX, TorchLegacyReader.PREFIX.length + 8);
        int p = TorchLegacyReader.PREFIX.length;
        long4[p] = '.';
        long4[p + 1] = (byte) 0x80;
        long4[p + 2] = 2;
        long4[p + 3] = (byte) 0x8b;
        putLe(long4, p + 4, 0x7fffffffL, 4);
        m.put("long4_2gb_legacy.pt", long4);
        // zip: the central directory says data.pkl holds 2 GB; a storage entry says 1.5 GB
        byte[] zip = bytes("torchvision_zip_basic.pt");
        m.put("pickle_size_2gb_zip.pt", zipEntrySize(zip, "data.pkl", 0x7fffff00L));
        m.put("storage_size_zip.pt", zipEntrySize(zip, "/data/0", 1_500_000_000L));
        // zip: one weight byte flipped: caught by the entry's CRC-32
        byte[] flip = zip.clone();
        int at = zipDataOffset(zip, "/data/0") + 5;
        flip[at] ^= 0x10;
        m.put("flipped_weight_zip.pt", flip);
        m.put("empty.pt", new byte[0]);
        m.put("random.pt", randomBytes(4096, 7));
        m.put("half_legacy.pt", Arrays.copyOf(lg, lg.length / 2));
        return m;
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    /** Sets the uncompressed (and compressed) size of the first entry whose name ends with {@code suffix}. */
    static byte[] zipEntrySize(byte[] zip, String suffix, long size) {
        byte[] b = zip.clone();
        for (int i = 0; i + 46 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) { // central directory header
                int nameLen = (b[i + 28] & 0xff) | (b[i + 29] & 0xff) << 8;
                String name = new String(b, i + 46, nameLen, StandardCharsets.UTF_8);
                if (name.endsWith(suffix)) {
                    putLe(b, i + 20, size, 4);
                    putLe(b, i + 24, size, 4);
                    return b;
                }
            }
        }
        throw new IllegalStateException("no entry " + suffix);
    }

    /** Where the data of the first entry ending with {@code suffix} begins (after its local header). */
    static int zipDataOffset(byte[] b, String suffix) {
        for (int i = 0; i + 30 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
                int nameLen = (b[i + 26] & 0xff) | (b[i + 27] & 0xff) << 8;
                int extra = (b[i + 28] & 0xff) | (b[i + 29] & 0xff) << 8;
                String name = new String(b, i + 30, nameLen, StandardCharsets.UTF_8);
                if (name.endsWith(suffix)) return i + 30 + nameLen + extra;
            }
        }
        throw new IllegalStateException("no entry " + suffix);
    }

    static Path write(Path dir, String name, byte[] b) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, b);
        return f;
    }
}
