///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * (Re)builds report.html of a run folder: one self-contained page of supplementary material (methods
 * from config.json and the model card, provenance, the stimuli and figures, plots of every measure and
 * of loss and top-class probability against iteration, the effects with 95% CIs and p-values). The
 * page requests nothing: pictures and plots are embedded, there is no script.
 *
 *   ./jbang report results/kanizsa/20260101-120000
 *   ./jbang report results/sweeps/my-sweep/merged
 */

import illusions.report.RunReport;
import illusions.run.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write report.html into existing run folders (self-contained, offline).")
class report implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "run folders (with config.json)")
    List<Path> runs;

    public static void main(String[] args) {
        Scripts.main(new report(), args);
    }

    @Override
    public Integer call() throws Exception {
        for (Path run : runs) {
            if (!Files.isRegularFile(run.resolve("config.json"))) {
                throw new IllegalArgumentException(run + " has no config.json: not a run folder");
            }
        }
        for (Path run : runs) {
            Path html = RunReport.write(run);
            System.out.printf("%s (%.0f kB)%n", html, Files.size(html) / 1024.0);
        }
        return 0;
    }
}
