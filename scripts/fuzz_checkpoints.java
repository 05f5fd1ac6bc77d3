///usr/bin/env jbang "$0" "$@" ; exit $?
//SOURCES ../lib/src/main/java/illusions/Dependencies.java
//SOURCES ../lib/src/main/java/illusions/**/*.java
//JAVA_OPTIONS -Xmx256m

/*
 * Mutation fuzzing of the checkpoint reader, longer than the test suite's run: thousands of seeded
 * mutants (flipped bits, extreme integers, inserted, deleted, repeated and appended bytes,
 * truncations) of every fixture under lib/src/test/resources/checkpoints. Each must be refused
 * with the project's own one-line message, within the time limit and a memory budget, or read to
 * the original's tensors; same-length changes inside weight bytes that no checksum covers (torch
 * legacy, safetensors) are counted apart. Prints the counts per fixture and in all; exit status 1
 * if any mutant broke a rule (each is listed).
 *
 *   ./jbang fuzz-checkpoints                         2000 mutants of each fixture, seed 1
 *   ./jbang fuzz-checkpoints --mutants 200 --seed 7 --only robustness_legacy_basic.pt
 */

import illusions.checkpoint.CheckpointFuzzer;
import illusions.run.Scripts;
import illusions.run.Workbench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "fuzz-checkpoints", mixinStandardHelpOptions = true,
        description = "Mutation-fuzz the checkpoint reader on every fixture and print the counts.")
class fuzz_checkpoints implements Callable<Integer> {
    @Option(names = "--mutants", description = "mutants per fixture (default: ${DEFAULT-VALUE})") int mutants = 2000;
    @Option(names = "--seed", description = "seed of the mutations (default: ${DEFAULT-VALUE})") long seed = 1;
    @Option(names = "--time-limit", paramLabel = "SECONDS", description = "per mutant (default: ${DEFAULT-VALUE})") int seconds = 10;
    @Option(names = "--only", split = ",", paramLabel = "FILE", description = "fixtures to fuzz (default: all)") List<String> only;
    @Option(names = "--fixtures", paramLabel = "DIR", description = "default: ${DEFAULT-VALUE}")
    String fixtures = "lib/src/test/resources/checkpoints";

    public static void main(String[] args) {
        Scripts.main(new fuzz_checkpoints(), args);
    }

    @Override
    public Integer call() throws Exception {
        if (mutants < 1) throw new IllegalArgumentException("--mutants must be at least 1, got " + mutants);
        if (seconds < 1) throw new IllegalArgumentException("--time-limit must be at least 1 s, got " + seconds);
        Path dir = Workbench.resolve(fixtures);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".pt") || p.toString().endsWith(".safetensors"))
                    .filter(p -> !p.getFileName().toString().startsWith("malicious_"))
                    .filter(p -> only == null || only.contains(p.getFileName().toString())).sorted().toList();
        }
        if (files.isEmpty()) throw new IllegalArgumentException("no fixtures to fuzz in " + dir);
        Path work = Files.createTempDirectory("fuzz-checkpoints");
        CheckpointFuzzer fuzzer = new CheckpointFuzzer(work, Duration.ofSeconds(seconds));
        CheckpointFuzzer.Counts all = new CheckpointFuzzer.Counts();
        long t0 = System.nanoTime();
        try {
            for (Path f : files) {
                CheckpointFuzzer.Counts c = fuzzer.fuzz(f, mutants, seed);
                System.out.printf("%-42s %s (slowest %d ms; reading allocated at most %d KB, the original %d KB)%n",
                        f.getFileName(), c, c.maxMillis, c.maxAllocatedBytes >> 10, c.baseAllocatedBytes >> 10);
                c.problems.forEach(p -> System.out.println("  PROBLEM " + p));
                all.add(c);
            }
        } finally {
            try (Stream<Path> s = Files.walk(work)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.out.printf("all %d fixtures: %s in %.0f s; slowest mutant %d ms, most allocated by one read %d KB (heap %d MB)%n",
                files.size(), all, (System.nanoTime() - t0) / 1e9, all.maxMillis, all.maxAllocatedBytes >> 10,
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.println("refusals by kind: " + all.refusalKinds);
        return all.problems.isEmpty() ? 0 : 1;
    }
}
