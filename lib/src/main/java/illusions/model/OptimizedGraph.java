package illusions.model;

import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;

/**
 * What TensorFlow actually ran for one {@link Session.Runner}: the partition graphs after grappler's
 * rewrites (so after the bfloat16 rewriter, when it is on), summarized as the number of nodes, the
 * nodes that compute in bfloat16 by op type, and the devices the nodes were placed on. This is how
 * a run shows that {@code --precision bf16} took effect, without timing anything.
 *
 * @param nodes      nodes in the partition graphs
 * @param bf16ByOp   op type to the number of its nodes with a bfloat16 type attribute (T, dtype,
 *                   SrcT or DstT, that is, bf16 arithmetic and the casts into and out of it)
 * @param devices    the devices nodes were placed on (e.g. /job:localhost/replica:0/task:0/device:CPU:0)
 */
public record OptimizedGraph(int nodes, Map<String, Integer> bf16ByOp, java.util.Set<String> devices) {

    /** Runs {@code runner} once with its partition graphs returned, and summarizes them. */
    public static OptimizedGraph of(Session.Runner runner) {
        runner.setOptions(RunOptions.newBuilder().setOutputPartitionGraphs(true).build());
        try (Result r = runner.runAndFetchMetadata()) {
            RunMetadata meta = r.getMetadata().orElseThrow(
                    () -> new IllegalStateException("TensorFlow returned no run metadata"));
            int nodes = 0;
            Map<String, Integer> bf16 = new TreeMap<>();
            TreeSet<String> devices = new TreeSet<>();
            for (GraphDef g : meta.getPartitionGraphsList()) {
                for (NodeDef n : g.getNodeList()) {
                    nodes++;
                    if (!n.getDevice().isEmpty()) devices.add(n.getDevice());
                    if (computesInBf16(n)) bf16.merge(n.getOp(), 1, Integer::sum);
                }
            }
            return new OptimizedGraph(nodes, bf16, devices);
        }
    }

    static boolean computesInBf16(NodeDef n) {
        for (String key : new String[] {"T", "dtype", "SrcT", "DstT"}) {
            AttrValue a = n.getAttrMap().get(key);
            if (a != null && a.getType() == DataType.DT_BFLOAT16) return true;
        }
        return false;
    }

    /** Nodes with a bfloat16 type attribute, all op types together. */
    public int bf16Nodes() {
        return bf16ByOp.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Nodes of {@code op} that compute in bfloat16. */
    public int bf16(String op) {
        return bf16ByOp.getOrDefault(op, 0);
    }

    /** One line: "412 of 1032 nodes in bfloat16 (the five most frequent op types: _MklNativeConv2D 20, ...)". */
    public String describe() {
        StringBuilder s = new StringBuilder().append(bf16Nodes()).append(" of ").append(nodes).append(" nodes in bfloat16");
        if (!bf16ByOp.isEmpty()) {
            s.append(" (");
            var top = bf16ByOp.entrySet().stream()
                    .sorted((x, y) -> y.getValue() != x.getValue().intValue() ? y.getValue() - x.getValue() : x.getKey().compareTo(y.getKey()))
                    .limit(5).map(e -> e.getKey() + " " + e.getValue()).toList();
            s.append(String.join(", ", top)).append(bf16ByOp.size() > 5 ? ", ..." : "").append(')');
        }
        return s.toString();
    }

    /** Nodes of any op type whose name contains {@code fragment} that compute in bfloat16 (e.g. "Conv2D"). */
    public int bf16Matching(String fragment) {
        return bf16ByOp.entrySet().stream().filter(e -> e.getKey().contains(fragment)).mapToInt(Map.Entry::getValue).sum();
    }
}
