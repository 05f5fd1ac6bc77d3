package illusions.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
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

    static RawCheckpoint read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new CheckpointException("damaged or truncated zip archive (" + e.getMessage() + ")", e);
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
                try (InputStream in = zip.getInputStream(bo)) {
                    String s = new String(in.readNBytes(16), StandardCharsets.US_ASCII).strip();
                    if (s.equals("big")) order = ByteOrder.BIG_ENDIAN;
                    else if (!s.equals("little")) throw new CheckpointException("unknown byteorder '" + s + "'");
                }
            }
            ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
            final String dataPrefix = prefix + "data/";
            final ByteOrder byteOrder = order;
            Map<String, StorageRef> storages = new HashMap<>();
            StorageRef.Source source = s -> {
                ZipEntry e = zip.getEntry(dataPrefix + s.key);
                if (e == null) throw new CheckpointException("storage '" + s.key + "' is missing from the archive");
                long need = s.numel() * s.dtype.size;
                if (e.getSize() >= 0 && e.getSize() < need) {
                    throw new CheckpointException("storage '" + s.key + "' holds " + e.getSize() + " bytes, "
                            + need + " expected");
                }
                byte[] b;
                try (InputStream in = zip.getInputStream(e)) {
                    b = in.readNBytes(Math.toIntExact(need));
                } catch (ZipException ze) {
                    throw new CheckpointException("storage '" + s.key + "' is damaged (" + ze.getMessage() + ")", ze);
                }
                if (b.length < need) {
                    throw new CheckpointException("storage '" + s.key + "' is truncated: " + b.length + " of "
                            + need + " bytes");
                }
                return ByteBuffer.wrap(b).order(byteOrder);
            };
            TorchUnpickler u = new TorchUnpickler(pid -> {
                // ('storage', storage_type, key, location, numel)
                if (pid.length < 5 || !"storage".equals(pid[0])
                        || !(pid[1] instanceof TorchUnpickler.StorageType type)) {
                    throw new CheckpointException("unexpected persistent id " + java.util.Arrays.toString(pid));
                }
                String key = String.valueOf(pid[2]);
                long numel = TorchUnpickler.toLong(pid[4]);
                return storages.computeIfAbsent(key, k -> new StorageRef(k, type.dtype(), numel, source));
            }, pkl.getSize() < 0 ? Long.MAX_VALUE : pkl.getSize());
            Object root;
            try (InputStream in = zip.getInputStream(pkl)) {
                root = u.loadOne(new TorchUnpickler.CountingInputStream(in));
            } catch (ZipException e) {
                throw new CheckpointException("data.pkl is damaged (" + e.getMessage() + ")", e);
            }
            return new RawCheckpoint("torch-zip", root, u.opaqueGlobals(), zip);
        } catch (RuntimeException | IOException e) {
            zip.close();
            throw e;
        }
    }
}
