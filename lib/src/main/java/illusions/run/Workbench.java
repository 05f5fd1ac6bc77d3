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

    /** Where {@code ./jbang fetch-model NAME} puts the models it converts. */
    public static Path fetchedModels() {
        return root().resolve("models").resolve("fetched");
    }

    /** A path given on the command line: absolute, or relative to the working directory if it exists there,
     * else relative to the workbench root (so {@code models/x} works from scripts/ too), else the name of a
     * model fetched by {@code ./jbang fetch-model NAME} (in {@code models/fetched/NAME}). A registered name that
     * has not been fetched yet is an error that says how to fetch it. */
    public static Path resolve(String given) {
        Path p = Path.of(given);
        if (p.isAbsolute() || Files.exists(p)) return p.toAbsolutePath();
        Path inRoot = root().resolve(given);
        if (Files.exists(inRoot)) return inRoot;
        if (!given.contains("/") && !given.contains(java.io.File.separator)) {
            Path fetched = fetchedModels().resolve(given);
            if (Files.exists(fetched)) return fetched;
            if (illusions.fetch.ModelRegistry.find(given).isPresent()) {
                throw new IllegalArgumentException("model '" + given + "' is not fetched yet: run ./jbang fetch-model " + given);
            }
        }
        return inRoot;
    }
}
