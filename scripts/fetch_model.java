///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * The real robust models, by name: download, verify, convert.
 *
 *   ./jbang fetch-model --list
 *   ./jbang fetch-model salman2020-resnet50-l2-3          -> models/fetched/salman2020-resnet50-l2-3
 *   ./jbang kanizsa --model salman2020-resnet50-l2-3 --normalization dataset
 *
 * Steps: (1) look the name up in illusions.fetch.ModelRegistry (URL, published SHA-256 if any,
 * architecture), (2) download into models/fetched/.downloads/FILE.part, resuming with an HTTP Range
 * request after a dropped connection (and on the next run after an interrupted one), (3) check the
 * SHA-256: a mismatch deletes the download; a file with no published hash has its computed hash
 * printed and recorded in model.json, (4) convert with the workbench's checkpoint converter (nothing in
 * the checkpoint is executed) into models/fetched/NAME, atomically.
 */

import illusions.fetch.ModelFetcher;
import illusions.fetch.ModelRegistry;
import illusions.fetch.ModelSource;
import illusions.run.Progress;
import illusions.run.Scripts;
import illusions.run.Workbench;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "fetch-model", mixinStandardHelpOptions = true,
        description = "Download a real model by name, verify its SHA-256 and convert it into models/fetched/NAME.")
class fetch_model implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "NAME", description = "a registered model (see --list)")
    String name;

    @Option(names = "--list", description = "list the registered models")
    boolean list;

    @Option(names = "--url", paramLabel = "URL", description = "download from here instead (a mirror; tests)")
    URI url;

    @Option(names = "--out", paramLabel = "DIR", description = "model directory to create (default: models/fetched/NAME)")
    Path out;

    @Option(names = "--downloads", paramLabel = "DIR", description = "where the checkpoint is kept (default: models/fetched/.downloads)")
    Path downloads;

    @Option(names = "--delete-download", description = "delete the checkpoint after converting it")
    boolean deleteDownload;

    public static void main(String[] args) {
        Scripts.main(new fetch_model(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (list || name == null) {
            for (ModelSource m : ModelRegistry.MODELS) {
                System.out.printf("%-26s %s%n%26s %s%n%26s sha256 %s%n", m.name(), m.description(), "", m.url(), "",
                        m.sha256() == null ? "(none published)" : m.sha256());
            }
            if (!list) System.out.println("usage: ./jbang fetch-model NAME");
            return list ? 0 : 2;
        }
        ModelSource src = ModelRegistry.find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + name + "'; registered: " + String.join(", ", ModelRegistry.names())));
        Path target = out != null ? out : Workbench.fetchedModels().resolve(name);
        Path dl = downloads != null ? downloads : Workbench.fetchedModels().resolve(".downloads");
        ModelFetcher.Listener bar = new ModelFetcher.Listener() {
            ProgressBar b;

            @Override public void start(long have, long total) {
                if (b != null) b.close();
                b = Progress.builder(name, total > 0 ? total : -1, 1000).setUnit("MB", 1 << 20).showSpeed().build();
                b.stepTo(have);
            }

            @Override public void progress(long bytes) {
                if (b != null) b.stepTo(bytes);
            }

            @Override public void message(String line) {
                done();
                System.err.println(name + ": " + line);
            }

            @Override public void done() {
                if (b != null) b.close();
                b = null;
            }
        };
        System.out.println(name + ": " + src.description());
        System.out.println("from " + (url != null ? url : src.url()) + (src.approxBytes() > 0
                ? String.format(" (about %.0f MB)", src.approxBytes() / 1e6) : ""));
        ModelFetcher.Result r = new ModelFetcher(bar).fetch(src, url, dl, target);
        System.out.println("sha256 " + r.sha256() + (r.verified() ? " (matches the published hash)" : " (none published: recorded in model.json)"));
        if (deleteDownload) Files.deleteIfExists(r.checkpoint());
        else System.out.println("checkpoint kept in " + r.checkpoint());
        System.out.println("model: " + r.model() + "   (use --model " + (out == null ? name : r.model()) + ")");
        return 0;
    }
}
