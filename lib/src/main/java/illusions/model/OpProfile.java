package illusions.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * Where the time of one {@link Session.Runner} goes, by op type: TensorFlow's own step statistics
 * (a full trace) summed over several runs of the runner. Op times on different threads overlap, so
 * the shares are of the summed op time, not of the wall time; tracing itself adds some overhead, so
 * this says which ops to work on, and the bench's untraced timings say how fast a step is.
 *
 * @param runs        traced runs summed
 * @param wallMicros  wall time of the traced runs, summed (microseconds)
 * @param ops         one entry per op type (after grappler's rewrites, e.g. {@code _MklNativeConv2D}),
 *                    most time first
 */
public record OpProfile(int runs, long wallMicros, List<OpTime> ops) {

    /** One op type's summed time (microseconds) and how many of its nodes ran, per run. */
    public record OpTime(String op, long micros, int nodesPerRun) {}

    /**
     * Runs {@code runner} {@code runs} times with a full trace and sums the op times. The runner is
     * reused, so its fetched tensors are closed after each run.
     */
    public static OpProfile of(Session.Runner runner, int runs) {
        if (runs < 1) throw new IllegalArgumentException("a profile needs at least 1 run, got " + runs);
        runner.setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE)
                .setOutputPartitionGraphs(true).build());
        Map<String, Long> micros = new HashMap<>();
        Map<String, Integer> nodes = new HashMap<>();
        long wall = 0;
        for (int i = 0; i < runs; i++) {
            long t0 = System.nanoTime();
            try (Result r = runner.runAndFetchMetadata()) {
                wall += (System.nanoTime() - t0) / 1000;
                RunMetadata meta = r.getMetadata().orElseThrow(
                        () -> new IllegalStateException("TensorFlow returned no run metadata"));
                Map<String, String> opOf = new HashMap<>();
                for (GraphDef g : meta.getPartitionGraphsList())
                    for (NodeDef n : g.getNodeList()) opOf.put(n.getName(), n.getOp());
                Map<String, Integer> count = new HashMap<>();
                for (DeviceStepStats d : meta.getStepStats().getDevStatsList()) {
                    for (NodeExecStats s : d.getNodeStatsList()) {
                        String op = opOf.getOrDefault(s.getNodeName(), opFromLabel(s.getTimelineLabel()));
                        micros.merge(op, s.getAllEndRelMicros(), Long::sum);
                        count.merge(op, 1, Integer::sum);
                    }
                }
                if (i == 0) nodes.putAll(count);
            }
        }
        return of(runs, wall, micros, nodes);
    }

    /** The summary of measured op times (op type to summed microseconds, and nodes per run). */
    static OpProfile of(int runs, long wallMicros, Map<String, Long> micros, Map<String, Integer> nodesPerRun) {
        List<OpTime> ops = new ArrayList<>();
        micros.forEach((op, us) -> ops.add(new OpTime(op, us, nodesPerRun.getOrDefault(op, 0))));
        ops.sort((a, b) -> a.micros() != b.micros() ? Long.compare(b.micros(), a.micros()) : a.op().compareTo(b.op()));
        return new OpProfile(runs, wallMicros, List.copyOf(ops));
    }

    /** "name = Op(inputs)" is how TensorFlow labels a node in a trace; "?" when the label has no op. */
    static String opFromLabel(String label) {
        int eq = label.indexOf(" = "), paren = label.indexOf('(', Math.max(eq, 0));
        if (eq < 0 || paren < 0) return "?";
        return label.substring(eq + 3, paren).trim();
    }

    /** Summed op time of all op types (microseconds). */
    public long totalMicros() {
        return ops.stream().mapToLong(OpTime::micros).sum();
    }

    /** The table {@code op | ms per run | share of op time | nodes per run}, the {@code top} most costly ops, then the rest. */
    public String table(int top) {
        StringBuilder s = new StringBuilder("op | ms per run | share of op time | nodes per run\n");
        double total = Math.max(1, totalMicros());
        long rest = 0;
        int restNodes = 0;
        for (int i = 0; i < ops.size(); i++) {
            OpTime o = ops.get(i);
            if (i < top) {
                s.append(String.format("%s | %.2f | %.1f%% | %d%n", o.op(), o.micros() / 1000.0 / runs, 100 * o.micros() / total, o.nodesPerRun()));
            } else {
                rest += o.micros();
                restNodes += o.nodesPerRun();
            }
        }
        if (ops.size() > top)
            s.append(String.format("(%d other op types) | %.2f | %.1f%% | %d%n", ops.size() - top, rest / 1000.0 / runs, 100 * rest / total, restNodes));
        s.append(String.format("all ops | %.2f | 100%% | ; traced wall time %.2f ms per run%n", total / 1000.0 / runs, wallMicros / 1000.0 / runs));
        return s.toString();
    }
}
