package illusions.fetch;

import illusions.checkpoint.CheckpointConverter;
import illusions.model.ModelCard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Downloads a checkpoint, verifies it and converts it into a model directory.
 *
 * <p>The download goes to {@code FILE.part} and is resumed with an HTTP Range request when the
 * connection drops (within one call, up to {@code attempts} times, and across calls: a later
 * call continues the same {@code .part}). Only a file whose SHA-256 matches the published one is
 * renamed to {@code FILE}; a mismatch deletes the download. Server errors (5xx) are retried; a
 * missing file (404) or another client error is not. The conversion writes into a hidden
 * temporary directory renamed to the model's name only when complete, with the fetch recorded in
 * model.json's provenance (name, URL, published and computed SHA-256).
 */
public final class ModelFetcher {
    /** What a download reports. */
    public interface Listener {
        /** The download (re)starts with {@code have} bytes already on disk, of {@code total} (-1 when unknown). */
        default void start(long have, long total) {}

        /** {@code bytes} are on disk so far. */
        default void progress(long bytes) {}

        default void message(String line) {}

        default void done() {}
    }

    /** A failed download or conversion: the message says what happened and what stays on disk. */
    public static final class FetchException extends IOException {
        private final int status;

        public FetchException(String message, int status) {
            super(message);
            this.status = status;
        }

        /** The HTTP status that ended it, or 0. */
        public int status() {
            return status;
        }
    }

    /** The verified checkpoint and the model made from it. */
    public record Result(Path checkpoint, String sha256, boolean verified, Path model) {}

    private final HttpClient client;
    private final int attempts;
    private final Duration retryDelay;
    private final Listener listener;

    public ModelFetcher(Listener listener) {
        this(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(30)).build(),
                5, Duration.ofSeconds(2), listener);
    }

    public ModelFetcher(HttpClient client, int attempts, Duration retryDelay, Listener listener) {
        this.client = client;
        this.attempts = attempts;
        this.retryDelay = retryDelay;
        this.listener = listener == null ? new Listener() {} : listener;
    }

    /**
     * Downloads {@code source} (from {@code url}, or its registered URL when null) into
     * {@code downloads}, verifies it, and converts it into {@code out} (which must not exist).
     */
    public Result fetch(ModelSource source, URI url, Path downloads, Path out) throws IOException {
        Path target = out.toAbsolutePath();
        if (Files.exists(target)) {
            throw new FetchException(target + " exists already: remove it to fetch " + source.name() + " again", 0);
        }
        URI from = url != null ? url : URI.create(source.url());
        Files.createDirectories(downloads);
        Path file = downloads.resolve(source.file());
        String sha = download(from, source.sha256(), file);
        boolean verified = source.sha256() != null;
        if (!verified) {
            listener.message("no SHA-256 is published for " + source.name() + "; computed sha256 " + sha
                    + " (recorded in model.json)");
        }
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling("." + target.getFileName() + ".partial-" + ProcessHandle.current().pid());
        deleteTree(tmp);
        try {
            CheckpointConverter.Result r = CheckpointConverter.convert(new CheckpointConverter.Request(file, tmp,
                    source.arch(), null, null, null, 224));
            Map<String, Object> prov = new LinkedHashMap<>(r.card().provenance());
            prov.put("fetched_as", source.name());
            prov.put("fetched_url", from.toString());
            prov.put("fetched_description", source.description());
            prov.put("published_sha256", source.sha256());
            prov.put("sha256_verified", verified);
            ModelCard card = new ModelCard(r.card().format(), r.card().architecture(), r.card().classNames(),
                    r.card().normalization(), prov);
            Path json = tmp.resolve(ModelCard.FILE);
            Path jsonTmp = tmp.resolve("." + ModelCard.FILE + ".tmp");
            ModelCard.json().writeValue(jsonTmp.toFile(), card);
            Files.move(jsonTmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteTree(tmp);
        }
        return new Result(file, sha, verified, target);
    }

    /**
     * Downloads {@code url} to {@code target} (through {@code target.part}, resumed when present) and
     * returns its SHA-256. With {@code expectedSha256}, a file that does not match is deleted and
     * refused. An existing {@code target} that matches is not downloaded again.
     */
    public String download(URI url, String expectedSha256, Path target) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        if (Files.isRegularFile(target)) {
            String have = CheckpointConverter.sha256(target);
            if (expectedSha256 == null || expectedSha256.equals(have)) {
                listener.message(target.getFileName() + " is already downloaded (sha256 " + have + ")");
                return have;
            }
            listener.message(target.getFileName() + " on disk has the wrong SHA-256: downloading it again");
            Files.delete(target);
        }
        boolean complete = false;
        IOException last = null;
        for (int attempt = 1; attempt <= attempts && !complete; attempt++) {
            if (attempt > 1) sleep(retryDelay.multipliedBy(attempt - 1));
            try {
                complete = attempt(url, part);
            } catch (FetchException e) {
                if (e.status() >= 500) {
                    last = e;
                    listener.message(e.getMessage() + (attempt < attempts ? "; retrying" : ""));
                    continue;
                }
                throw e;
            } catch (IOException e) {
                last = e;
                long have = Files.isRegularFile(part) ? Files.size(part) : 0;
                listener.message("connection lost after " + have + " bytes (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")" + (attempt < attempts ? "; resuming" : ""));
            }
        }
        if (!complete) {
            long have = Files.isRegularFile(part) ? Files.size(part) : 0;
            throw new FetchException("download of " + url + " failed after " + attempts + " attempts"
                    + (last == null ? "" : " (" + last.getMessage() + ")")
                    + (have > 0 ? "; " + have + " bytes stay in " + part + ": run again to resume" : ""),
                    last instanceof FetchException f ? f.status() : 0);
        }
        listener.done();
        String sha = CheckpointConverter.sha256(part);
        if (expectedSha256 != null && !expectedSha256.equals(sha)) {
            Files.deleteIfExists(part);
            throw new FetchException("SHA-256 mismatch for " + url + ": expected " + expectedSha256 + ", got " + sha
                    + "; the download was deleted", 0);
        }
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return sha;
    }

    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d+)-(\\d+)/(\\d+|\\*)");

    /** One request: true when the file is complete in {@code part}; throws on an HTTP error or a dropped connection. */
    private boolean attempt(URI url, Path part) throws IOException {
        long have = Files.isRegularFile(part) ? Files.size(part) : 0;
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(30)).GET()
                .header("User-Agent", "illusions-workbench fetch-model");
        if (have > 0) req.header("Range", "bytes=" + have + "-");
        HttpResponse<InputStream> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        int status = resp.statusCode();
        long total;
        boolean append;
        try (InputStream body = resp.body()) {
            if (status == 416 && have > 0) {
                // The range starts at or past the end: the .part is complete if its size is the file's.
                long size = resp.headers().firstValue("Content-Range").map(ModelFetcher::totalOf).orElse(-1L);
                if (size == have) return true;
                Files.delete(part);
                throw new IOException("the server refused to resume (HTTP 416); starting over");
            }
            if (status == 404) throw new FetchException("not found (HTTP 404): " + url, status);
            if (status >= 400) throw new FetchException("HTTP " + status + " from " + url, status);
            if (status == 206) {
                String range = resp.headers().firstValue("Content-Range").orElse("");
                Matcher m = CONTENT_RANGE.matcher(range);
                if (!m.find() || Long.parseLong(m.group(1)) != have) {
                    Files.delete(part);
                    throw new IOException("the server resumed at the wrong offset (" + range + "); starting over");
                }
                total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
                append = true;
            } else if (status == 200) {
                total = resp.headers().firstValueAsLong("Content-Length").orElse(-1L);
                append = false; // the server ignored the range: start over
                have = 0;
            } else {
                throw new FetchException("unexpected HTTP " + status + " from " + url, status);
            }
            listener.start(have, total);
            long written = have;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING)) {
                byte[] buf = new byte[1 << 16];
                int n;
                long lastReport = 0;
                while ((n = body.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    written += n;
                    if (written - lastReport >= (1 << 20)) {
                        listener.progress(written);
                        lastReport = written;
                    }
                }
            }
            listener.progress(written);
            if (total >= 0 && written != total) {
                throw new IOException("the connection closed at " + written + " of " + total + " bytes");
            }
            return true;
        }
    }

    static long totalOf(String contentRange) {
        Matcher m = Pattern.compile("/(\\d+)").matcher(contentRange);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void sleep(Duration d) throws IOException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
