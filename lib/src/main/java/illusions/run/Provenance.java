package illusions.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.tensorflow.TensorFlow;

/** Where a run came from: code version, model hash, seed, software and machine. */
public final class Provenance {
    private Provenance() {}

    /**
     * {@link #collect(Path, String, String, long, int, List)} for a run on {@code model}, adding the
     * precision it computed in, the CPU's bfloat16 support, the TensorFlow native library on the
     * class path (CPU or GPU build) and the devices the model's ops were placed on.
     */
    public static Map<String, Object> collect(Path workbenchRoot, String modelPath, illusions.model.ClassifierModel model,
            long seed, int threads, List<String> commandLine) {
        Map<String, Object> m = collect(workbenchRoot, modelPath, model.sourceHash(), seed, threads, commandLine);
        m.put("precision", model.precision().cliName());
        m.put("weights", model.frozenWeights() ? "graph constants" : "graph variables");
        m.put("cpu_bf16", illusions.model.Precision.cpuBf16Support());
        m.put("tensorflow_native", nativeLibrary());
        m.put("devices", List.copyOf(model.devices()));
        return m;
    }

    /** Platform folders of TensorFlow Java's native library: the GPU build's carries the -gpu extension. */
    static final List<String> NATIVE_PLATFORMS = List.of("linux-x86_64-gpu", "linux-x86_64", "linux-arm64",
            "macosx-arm64", "macosx-x86_64", "windows-x86_64-gpu", "windows-x86_64");

    /**
     * Which {@code tensorflow-core-native} build is on the class path: its platform folder (e.g.
     * {@code linux-x86_64}, or {@code linux-x86_64-gpu} when scripts run with
     * {@code -Dtensorflow.native.suffix=-gpu}); several when more than one is there, "unknown" when none is found.
     */
    public static String nativeLibrary() {
        List<String> found = new java.util.ArrayList<>();
        ClassLoader cl = Provenance.class.getClassLoader();
        for (String p : NATIVE_PLATFORMS) {
            String dir = "org/tensorflow/internal/c_api/" + p + "/";
            if (cl.getResource(dir + "libjnitensorflow.so") != null || cl.getResource(dir + "libjnitensorflow.dylib") != null
                    || cl.getResource(dir + "jnitensorflow.dll") != null) {
                found.add(p);
            }
        }
        return found.isEmpty() ? "unknown" : String.join(",", found);
    }

    public static Map<String, Object> collect(Path workbenchRoot, String modelPath, String modelHash, long seed,
            int threads, List<String> commandLine) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("created", OffsetDateTime.now().toString());
        m.put("workbench_commit", git(workbenchRoot, "rev-parse", "HEAD"));
        String dirty = git(workbenchRoot, "status", "--porcelain", "--untracked-files=no");
        m.put("workbench_dirty", dirty == null ? null : !dirty.isBlank());
        m.put("command_line", commandLine);
        m.put("model", modelPath);
        m.put("model_sha256", modelHash);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("java_version", System.getProperty("java.version"));
        m.put("java_vendor", System.getProperty("java.vendor"));
        m.put("tensorflow_version", TensorFlow.version());
        m.put("tensorflow_java", packageVersion(TensorFlow.class, "1.1.0"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("available_processors", Runtime.getRuntime().availableProcessors());
        String cpuinfo = cpuInfo();
        m.put("cpu", cpuModel(cpuinfo));
        m.put("cpu_id", cpuId(cpuinfo));
        m.put("cpu_simd", cpuSimd(cpuinfo));
        return m;
    }

    /**
     * /proc/cpuinfo's text, or "" where there is none. Virtual machines often hide the model name
     * ("AMD EPYC"); the family, model and vector extensions still tell CPU kinds apart, and oneDNN
     * picks its kernels, hence the low digits of long trajectories, by those extensions.
     */
    static String cpuInfo() {
        try {
            Path info = Path.of("/proc/cpuinfo");
            return Files.isReadable(info) ? Files.readString(info, StandardCharsets.UTF_8) : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** "family F model M stepping S" of the first processor in a cpuinfo text, or null when it has none. */
    static String cpuId(String cpuinfo) {
        String family = cpuField(cpuinfo, "cpu family"), model = cpuField(cpuinfo, "model"),
                stepping = cpuField(cpuinfo, "stepping");
        if (family == null || model == null) return null;
        return "family " + family + " model " + model + (stepping == null ? "" : " stepping " + stepping);
    }

    /** The first processor's vector extensions that decide oneDNN's kernels (fma, avx*, amx*), sorted. */
    static List<String> cpuSimd(String cpuinfo) {
        String flags = cpuField(cpuinfo, "flags");
        if (flags == null) return List.of();
        return java.util.Arrays.stream(flags.split("\\s+"))
                .filter(f -> f.equals("fma") || f.startsWith("avx") || f.startsWith("amx"))
                .distinct().sorted().toList();
    }

    /** The value of the first line whose key (before the colon, trimmed) is exactly {@code key}. */
    static String cpuField(String cpuinfo, String key) {
        for (String line : cpuinfo.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).strip().equals(key)) return line.substring(colon + 1).strip();
        }
        return null;
    }

    /** The CPU's model name (Linux: /proc/cpuinfo), else the architecture. */
    public static String cpuModel() {
        return cpuModel(cpuInfo());
    }

    static String cpuModel(String cpuinfo) {
        String name = cpuField(cpuinfo, "model name");
        return name != null ? name : System.getProperty("os.arch");
    }

    private static String packageVersion(Class<?> c, String fallback) {
        String v = c.getPackage() == null ? null : c.getPackage().getImplementationVersion();
        return v != null ? v : fallback;
    }

    /** Output of a git command in the workbench, or null when git or the repository is not there. */
    static String git(Path root, String... args) {
        if (root == null || !Files.isDirectory(root.resolve(".git")) && !Files.isRegularFile(root.resolve(".git"))) {
            return null;
        }
        try {
            List<String> cmd = new java.util.ArrayList<>(List.of("git", "-C", root.toString()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** SHA-256 of a file's bytes, hex. */
    public static String sha256(java.nio.file.Path file) throws java.io.IOException {
        try {
            java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
            try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) md.update(buf, 0, r);
            }
            return java.util.HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
