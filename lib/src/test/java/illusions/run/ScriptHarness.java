package illusions.run;

import illusions.model.BlockType;
import illusions.model.ModelCard;
import illusions.model.ModelExporter;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * The real scripts (scripts/*.java), compiled once against the library and run in this JVM through
 * {@link Scripts#run}, or in a child JVM through their main; plus a tiny model to run them on.
 */
final class ScriptHarness {
    private static Path classes;
    private static Path model;

    private ScriptHarness() {}

    static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isRegularFile(p.resolve("jbang-catalog.json"))) p = p.getParent();
        return p;
    }

    /** scripts/{names}.java compiled into one folder. */
    static synchronized Path compiled() throws IOException {
        if (classes != null) return classes;
        Path out = Files.createTempDirectory("scripts");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("-nowarn", "-proc:none", "-d", out.toString(), "-cp",
                System.getProperty("java.class.path")));
        for (String s : List.of("gpi", "kanizsa", "convert")) args.add(root().resolve("scripts/" + s + ".java").toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = javac.run(null, null, err, args.toArray(String[]::new));
        if (rc != 0) throw new IllegalStateException("scripts do not compile: " + err);
        classes = out;
        return out;
    }

    /** A random-weight ResNet of width 4 at 32 px, 3 classes, without dataset statistics. */
    static synchronized Path tinyModel() throws IOException {
        if (model != null) return model;
        Path dir = Files.createTempDirectory("tiny").resolve("model");
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 4, 3, 32);
        ModelExporter.export(spec, StateDict.random(spec, 1), ModelCard.of(spec, List.of("a", "b", "c"), null,
                Map.of("source", "test")), dir);
        model = dir;
        return dir;
    }

    /** Exit status and what went to stderr. */
    record Outcome(int status, String err, String out) {
        String lastLine() {
            List<String> l = err.lines().filter(s -> !s.isBlank()).toList();
            return l.isEmpty() ? "" : l.get(l.size() - 1);
        }
    }

    static Outcome run(String script, String... args) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {compiled().toUri().toURL()}, ScriptHarness.class.getClassLoader());
        Constructor<?> c = Class.forName(script, true, loader).getDeclaredConstructor();
        c.setAccessible(true);
        @SuppressWarnings("unchecked")
        Callable<Integer> cmd = (Callable<Integer>) c.newInstance();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = Scripts.run(cmd, args);
            return new Outcome(status, err.toString(StandardCharsets.UTF_8), out.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
            loader.close();
        }
    }

    /** A child JVM running {@code script}'s main. */
    static ProcessBuilder child(String script, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", compiled() + java.io.File.pathSeparator + System.getProperty("java.class.path"), script));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "3");
        return pb;
    }

    /** The names in {@code dir}, hidden ones too. */
    static List<String> names(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
