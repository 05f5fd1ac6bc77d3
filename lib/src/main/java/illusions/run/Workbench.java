package illusions.run;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the workbench's root folder, so that scripts run from the root or from scripts/ alike. */
public final class Workbench {
    private Workbench() {}

    /** The nearest folder at or above the working directory that holds jbang-catalog.json. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        for (Path q = p; q != null; q = q.getParent()) {
            if (Files.isRegularFile(q.resolve("jbang-catalog.json"))) return q;
        }
        return p;
    }

    /** A path given on the command line: absolute, or relative to the working directory if it exists there,
     * else relative to the workbench root (so {@code models/x} works from scripts/ too). */
    public static Path resolve(String given) {
        Path p = Path.of(given);
        if (p.isAbsolute() || Files.exists(p)) return p.toAbsolutePath();
        return root().resolve(given);
    }
}
