package illusions.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * torch.save's zip format (torch >= 1.6): {@code <name>/data.pkl} (the pickle, whose persistent ids
 * {@code ('storage', StorageType, key, location, numel)} name storages), {@code <name>/data/<key>}
 * (raw storage bytes) and {@code <name>/byteorder} (absent in old files: little-endian).
 */
final class TorchZipReader {
    private TorchZipReader() {}

    /** Deflate expands at most about 1032 times: no entry can hold more than that many times the file. */
    static final long MAX_EXPANSION = 1100;

    static RawCheckpoint read(Path file) throws IOException {
        long fileSize = Files.size(file);
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException("damaged or truncated zip archive (" + e.getMessage() + ")", e);
        } catch (RuntimeException e) { // e.g. malformed entry names
            throw new CheckpointException("damaged zip archive (its directory cannot be read)", e);
        }
        try {
            String prefix = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String n = en.nextElement().getName();
                if (n.endsWith("data.pkl") && (n.equals("data.pkl") || n.endsWith("/data.pkl"))) {
                    String p = n.substring(0, n.length() - "data.pkl".length());
                    if (prefix == null || p.length() < prefix.length()) prefix = p;
                }
            }
            if (prefix == null) {
                throw new CheckpointException("zip archive without a data.pkl: not a torch checkpoint");
            }
            ByteOrder order = ByteOrder.LITTLE_ENDIAN;
            ZipEntry bo = zip.getEntry(prefix + "byteorder");
            if (bo != null) {
                if (bo.getSize() > 16) throw new CheckpointException("the byteorder entry holds " + bo.getSize() + " bytes");
                String s = new String(entryBytes(zip, bo, "byteorder", -1, fileSize), StandardCharsets.US_ASCII).strip();
                if (s.equals("big")) order = ByteOrder.BIG_ENDIAN;
                else if (!s.equals("little")) throw new CheckpointException("unknown byteorder '" + s + "'");
            }
            ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
            final String dataPrefix = prefix + "data/";
            final ByteOrder byteOrder = order;
            Map<String, StorageRef> storages = new HashMap<>();
            StorageRef.Source source = s -> {
                ZipEntry e = zip.getEntry(dataPrefix + s.key);
                if (e == null) throw new CheckpointException("storage '" + s.key + "' is missing from the archive");
                String what = "storage '" + s.key + "'";
                long need = TensorRef.multiply(s.numel(), s.dtype.size, what);
                if (e.getSize() >= 0 && e.getSize() != need) {
                    throw new CheckpointException(what + " holds " + e.getSize() + " bytes but the pickle describes "
                            + s.numel() + " elements of " + s.dtype.size + " bytes (" + need + "): a damaged file");
                }
                return ByteBuffer.wrap(entryBytes(zip, e, what, need, fileSize)).order(byteOrder);
            };
            TorchUnpickler u = new TorchUnpickler(pid -> {
                // ('storage', storage_type, key, location, numel)
                if (pid.length < 5 || !"storage".equals(pid[0])
                        || !(pid[1] instanceof TorchUnpickler.StorageType type)) {
                    throw new CheckpointException("unexpected persistent id " + TorchUnpickler.show(pid));
                }
                String key = String.valueOf(pid[2]);
                long numel = TorchUnpickler.toLong(pid[4]);
                if (numel < 0) throw new CheckpointException("storage '" + key + "' claims " + numel + " elements");
                StorageRef st = storages.computeIfAbsent(key, k -> new StorageRef(k, type.dtype(), numel, source));
                if (st.numel() != numel || st.dtype != type.dtype()) {
                    throw new CheckpointException("storage '" + key + "' is described twice, differently: a damaged file");
                }
                return st;
            }, Long.MAX_VALUE);
            // the pickle is read whole (its CRC checked) before anything in it is believed
            byte[] pickle = entryBytes(zip, pkl, "data.pkl", -1, fileSize);
            u.limit(pickle.length);
            Object root = u.loadOne(new TorchUnpickler.CountingInputStream(new ByteArrayInputStream(pickle)));
            return new RawCheckpoint("torch-zip", root, u.opaqueGlobals(), zip);
        } catch (RuntimeException | IOException e) {
            zip.close();
            throw e;
        }
    }

    /**
     * An entry's bytes, checked against its CRC-32. {@code need} is the exact length expected
     * (-1: whatever the entry holds). Sizes are checked against what the file can hold before
     * anything is allocated, and the read grows with the data actually there.
     */
    static byte[] entryBytes(ZipFile zip, ZipEntry e, String what, long need, long fileSize) throws IOException {
        long claimed = e.getSize();
        long bound = e.getMethod() == ZipEntry.STORED ? fileSize : TensorRef.multiply(fileSize, MAX_EXPANSION, what);
        long want = need >= 0 ? need : claimed;
        if (want < 0 || want > bound || claimed > bound) {
            throw new CheckpointException(what + " claims " + Math.max(want, claimed) + " bytes, more than a file of "
                    + fileSize + " bytes can hold: a damaged file");
        }
        byte[] b;
        try (InputStream in = zip.getInputStream(e)) {
            b = in.readNBytes(TensorRef.toInt(want, what));
        } catch (ZipException ze) {
            throw new CheckpointException(what + " is damaged (" + ze.getMessage() + ")", ze);
        } catch (java.io.EOFException eof) {
            throw new CheckpointException("truncated: " + what + " ends early", eof);
        }
        if (b.length < want) {
            throw new CheckpointException((need >= 0 ? "truncated: " : "damaged: ") + what + " has " + b.length + " of "
                    + want + " bytes");
        }
        if (e.getCrc() >= 0) {
            CRC32 crc = new CRC32();
            crc.update(b);
            if (crc.getValue() != e.getCrc()) {
                throw new CheckpointException(what + " fails its CRC-32 check (" + Long.toHexString(crc.getValue())
                        + ", the archive says " + Long.toHexString(e.getCrc()) + "): the file is damaged");
            }
        }
        return b;
    }
}
