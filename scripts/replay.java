///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java

/*
 * Reruns a run from its config.json and says whether it reproduced.
 *
 *   ./jbang replay results/kanizsa/20260101-120000
 *   ./jbang replay /tmp/gpi-run1 --out /tmp/gpi-run1-again
 *
 * Steps: (1) read the invocation config.json recorded (script, its arguments, working directory),
 * (2) run the same script with the same arguments, --out replaced by a new folder, through ./jbang,
 * (3) compare every CSV table of the two folders cell by cell, and the recorded versions of the two
 * provenance.json files (workbench commit, TensorFlow, Java, CPU, threads, model hash), (4) print the
 * verdict, the first differing cells of each table that differs, and the versions that changed. The new
 * run folder stays as the script wrote it. Exit code 0 when every table is identical, 3 when some differ.
 */

import illusions.run.Replay;
import illusions.run.Scripts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Rerun a run from its config.json into a new folder; compare every table and the recorded versions.")
class replay implements Callable<Integer> {
    @Parameters(paramLabel = "RUN_DIR", description = "the run to replay")
    Path run;

    @Option(names = "--out", paramLabel = "DIR", description = "the new run folder (default: RUN_DIR-replay, -replay2, ...)")
    Path out;

    @Option(names = "--cells", paramLabel = "N", description = "differing cells shown per table (default: ${DEFAULT-VALUE})")
    int cells = 5;

    public static void main(String[] args) {
        Scripts.main(new replay(), args);
    }

    @Override
    public Integer call() throws Exception {
        Replay.Invocation inv = Replay.invocation(run); // fails early on a folder without an invocation
        Path target = out;
        if (target == null) {
            Path base = run.toAbsolutePath().normalize();
            target = base.resolveSibling(base.getFileName() + "-replay");
            for (int i = 2; Files.exists(target); i++) target = base.resolveSibling(base.getFileName() + "-replay" + i);
        }
        System.out.println("replaying: ./jbang " + inv.script() + " " + String.join(" ", Replay.withOut(inv.args(), target)));
        Replay.Comparison c = Replay.replay(run, target, Replay.launcher(), cells);
        System.out.println("original: " + run.toAbsolutePath().normalize());
        System.out.println("replay:   " + target);
        System.out.print(Replay.describe(c));
        return c.tablesIdentical() ? 0 : 3;
    }
}
