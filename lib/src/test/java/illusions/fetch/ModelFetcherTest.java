package illusions.fetch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import illusions.checkpoint.CheckpointConverter;
import illusions.model.ModelCard;
import illusions.run.Workbench;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** fetch-model against a local HTTP server on 127.0.0.1 serving a converter fixture; nothing leaves the machine. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ModelFetcherTest {
    static final Path FIXTURE = Path.of("src/test/resources/checkpoints/robustness_legacy_dill_bottleneck.pt");

    @TempDir Path tmp;
    HttpServer server;
    byte[] bytes;
    String sha;
    /** Requests seen, as "path range" ("-" when no Range header). */
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void serve() throws IOException {
        bytes = Files.readAllBytes(FIXTURE);
        sha = CheckpointConverter.sha256(FIXTURE);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/ok/", ex -> file(ex, false));
        server.createContext("/error/", ex -> status(ex, 500));
        server.createContext("/missing/", ex -> status(ex, 404));
        server.start();
    }

    final List<ServerSocket> closeAfter = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        server.stop(0);
        for (ServerSocket s : closeAfter) s.close();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    void status(HttpExchange ex, int code) throws IOException {
        requests.add(ex.getRequestURI().getPath() + " " + range(ex));
        ex.sendResponseHeaders(code, -1);
        ex.close();
    }

    static String range(HttpExchange ex) {
        String r = ex.getRequestHeaders().getFirst("Range");
        return r == null ? "-" : r;
    }

    /** Serves the fixture, honouring "Range: bytes=N-". */
    void file(HttpExchange ex, boolean unused) throws IOException {
        requests.add(ex.getRequestURI().getPath() + " " + range(ex));
        Matcher m = Pattern.compile("bytes=(\\d+)-").matcher(range(ex));
        int from = m.matches() ? Integer.parseInt(m.group(1)) : 0;
        if (from > 0) {
            ex.getResponseHeaders().add("Content-Range", "bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length);
            ex.sendResponseHeaders(206, bytes.length - from);
        } else {
            ex.sendResponseHeaders(200, bytes.length);
        }
        OutputStream out = ex.getResponseBody();
        out.write(bytes, from, bytes.length - from);
        out.close();
    }

    ModelFetcher fetcher(List<String> messages) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        return new ModelFetcher(client, 3, Duration.ofMillis(10), new ModelFetcher.Listener() {
            @Override public void message(String line) {
                messages.add(line);
            }
        });
    }

    static ModelSource source(String sha256) {
        return new ModelSource("fixture", "http://127.0.0.1:9/unused", sha256, null, "fixture.pt", 0, "a test fixture");
    }

    static List<String> names(Path dir) throws IOException {
        if (!Files.exists(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void fullDownloadIsVerifiedConvertedAndRecorded() throws IOException {
        List<String> msgs = new ArrayList<>();
        ModelFetcher.Result r = fetcher(msgs).fetch(source(sha), url("/ok/fixture.pt"), tmp.resolve("dl"), tmp.resolve("models/fixture"));
        assertEquals(sha, r.sha256());
        assertTrue(r.verified());
        assertArrayEquals(bytes, Files.readAllBytes(tmp.resolve("dl/fixture.pt")));
        assertEquals(List.of("fixture.pt"), names(tmp.resolve("dl")), "no .part left");
        assertEquals(List.of("fixture"), names(tmp.resolve("models")), "no temporary model directory left");
        JsonNode prov = ModelCard.json().readTree(tmp.resolve("models/fixture/model.json").toFile()).get("provenance");
        assertEquals("fixture", prov.get("fetched_as").asText());
        assertEquals(sha, prov.get("published_sha256").asText());
        assertEquals(sha, prov.get("source_sha256").asText());
        assertTrue(prov.get("sha256_verified").asBoolean());
        assertTrue(Files.isRegularFile(tmp.resolve("models/fixture/saved_model.pb")));
        assertEquals(List.of("/ok/fixture.pt -"), requests);
    }

    /**
     * A server on a raw socket (com.sun.net.httpserver cannot drop a connection): the first
     * request gets the whole length announced, half the bytes, and a closed socket; later ones
     * are answered with 206 from the requested offset.
     */
    URI flakyServer() throws IOException {
        ServerSocket ss = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        closeAfter.add(ss);
        Thread t = new Thread(() -> {
            for (int call = 0; call < 4 && !ss.isClosed(); call++) {
                try (Socket s = ss.accept()) {
                    s.setSoTimeout(10_000);
                    BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                    String line, path = in.readLine().split(" ")[1], rangeHeader = "-";
                    while ((line = in.readLine()) != null && !line.isEmpty()) {
                        if (line.toLowerCase(java.util.Locale.ROOT).startsWith("range:")) rangeHeader = line.substring(6).strip();
                    }
                    requests.add(path + " " + rangeHeader);
                    Matcher m = Pattern.compile("bytes=(\\d+)-").matcher(rangeHeader);
                    int from = m.matches() ? Integer.parseInt(m.group(1)) : 0;
                    OutputStream out = s.getOutputStream();
                    if (call == 0) {
                        out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.ISO_8859_1));
                        out.write(bytes, 0, bytes.length / 2);
                    } else {
                        out.write(("HTTP/1.1 206 Partial Content\r\nContent-Length: " + (bytes.length - from)
                                + "\r\nContent-Range: bytes " + from + "-" + (bytes.length - 1) + "/" + bytes.length
                                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(bytes, from, bytes.length - from);
                    }
                    out.flush();
                } catch (IOException e) {
                    return; // closed at the end of the test
                }
            }
        }, "flaky-server");
        t.setDaemon(true);
        t.start();
        return URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/flaky/fixture.pt");
    }

    @Test
    void aDroppedConnectionIsResumedWithARangeRequest() throws IOException {
        List<String> msgs = new ArrayList<>();
        Path target = tmp.resolve("fixture.pt");
        String got = fetcher(msgs).download(flakyServer(), sha, target);
        assertEquals(sha, got);
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertEquals(List.of("/flaky/fixture.pt -", "/flaky/fixture.pt bytes=" + bytes.length / 2 + "-"), requests);
        assertTrue(msgs.stream().anyMatch(m -> m.contains("connection lost")), msgs.toString());
        assertFalse(Files.exists(tmp.resolve("fixture.pt.part")));
    }

    @Test
    void aPartialFileFromAnEarlierRunIsContinued() throws IOException {
        Path target = tmp.resolve("fixture.pt");
        Files.write(tmp.resolve("fixture.pt.part"), java.util.Arrays.copyOf(bytes, 1000));
        assertEquals(sha, fetcher(new ArrayList<>()).download(url("/ok/fixture.pt"), sha, target));
        assertEquals(List.of("/ok/fixture.pt bytes=1000-"), requests);
        assertArrayEquals(bytes, Files.readAllBytes(target));
    }

    @Test
    void aWrongHashIsRefusedAndNothingHalfWrittenStays() throws IOException {
        String wrong = "0".repeat(64);
        ModelFetcher.FetchException e = assertThrows(ModelFetcher.FetchException.class, () -> fetcher(new ArrayList<>())
                .fetch(source(wrong), url("/ok/fixture.pt"), tmp.resolve("dl"), tmp.resolve("models/fixture")));
        assertTrue(e.getMessage().contains("SHA-256 mismatch") && e.getMessage().contains(sha), e.getMessage());
        assertEquals(List.of(), names(tmp.resolve("dl")));
        assertEquals(List.of(), names(tmp.resolve("models")));
    }

    @Test
    void aServerErrorIsRetriedThenReported() {
        ModelFetcher.FetchException e = assertThrows(ModelFetcher.FetchException.class, () -> fetcher(new ArrayList<>())
                .fetch(source(sha), url("/error/fixture.pt"), tmp.resolve("dl"), tmp.resolve("models/fixture")));
        assertEquals(500, e.status());
        assertEquals(3, requests.size(), "three attempts");
        assertFalse(Files.exists(tmp.resolve("models/fixture")));
        assertFalse(Files.exists(tmp.resolve("dl/fixture.pt")));
    }

    @Test
    void notFoundIsNotRetried() throws IOException {
        ModelFetcher.FetchException e = assertThrows(ModelFetcher.FetchException.class, () -> fetcher(new ArrayList<>())
                .fetch(source(sha), url("/missing/fixture.pt"), tmp.resolve("dl"), tmp.resolve("models/fixture")));
        assertEquals(404, e.status());
        assertTrue(e.getMessage().contains("404"));
        assertEquals(1, requests.size());
        assertEquals(List.of(), names(tmp.resolve("dl")));
    }

    @Test
    void withoutAPublishedHashTheComputedOneIsPrintedAndRecorded() throws IOException {
        List<String> msgs = new ArrayList<>();
        ModelFetcher.Result r = fetcher(msgs).fetch(source(null), url("/ok/fixture.pt"), tmp.resolve("dl"), tmp.resolve("m"));
        assertFalse(r.verified());
        assertTrue(msgs.stream().anyMatch(m -> m.contains(sha)), msgs.toString());
        JsonNode prov = ModelCard.json().readTree(tmp.resolve("m/model.json").toFile()).get("provenance");
        assertTrue(prov.get("published_sha256").isNull());
        assertEquals(sha, prov.get("source_sha256").asText());
        assertFalse(prov.get("sha256_verified").asBoolean());
    }

    @Test
    void registeredNamesAndModelResolution() {
        assertEquals("380b14e6f9750bffa1447cf7017f65da4dc5ce71a3dd112f107515dcf7b14d9d",
                ModelRegistry.find("salman2020-resnet50-l2-3").orElseThrow().sha256());
        assertNull(ModelRegistry.find("madry-imagenet-l2-3").orElseThrow().sha256());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Workbench.resolve("madry-imagenet-l2-3"));
        assertTrue(e.getMessage().contains("./jbang fetch-model madry-imagenet-l2-3"), e.getMessage());
    }
}
