package illusions.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/**
 * A loaded model's graph with its weights turned into constants (opt-in:
 * {@code -Dillusions.frozenWeights=true}). GPI never changes a weight, and TensorFlow's oneDNN
 * kernels reorder a variable's weights into their blocked layout on every step (14% of oneDNN's
 * time in fp32, 41% in bf16 on ResNet50 at batch 1), while constant weights can be reordered once
 * and, in bf16, cast once. The price is memory: TensorFlow keeps several copies of the constants
 * while it optimizes the graph (about 1.5 GB more peak on ResNet50). Only the nodes the kept outputs depend on are copied, so the saver
 * and the initializers are left behind. The values are the variables' own, bit for bit.
 */
final class FrozenGraph {
    private FrozenGraph() {}

    record Frozen(Graph graph, Session session) implements AutoCloseable {
        /** The output of this graph that has the name and index of {@code o} in the graph it was frozen from. */
        @SuppressWarnings("unchecked")
        <T extends org.tensorflow.types.family.TType> org.tensorflow.Output<T> same(org.tensorflow.Output<T> o) {
            return (org.tensorflow.Output<T>) graph.operation(o.op().name()).output(o.index());
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }

    /** A new graph and session computing {@code keep} (node names) with every float variable replaced by its value. */
    static Frozen freeze(Graph graph, Session session, Collection<String> keep, ConfigProto config) {
        GraphDef def = graph.toGraphDef();
        Map<String, NodeDef> byName = new HashMap<>();
        for (NodeDef n : def.getNodeList()) byName.put(n.getName(), n);
        Set<String> needed = new HashSet<>();
        ArrayDeque<String> todo = new ArrayDeque<>(keep);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!needed.add(name)) continue;
            NodeDef n = byName.get(name);
            if (n == null) throw new IllegalStateException("the graph has no node '" + name + "'");
            if (isVariable(n)) continue; // becomes a constant: its initializer is not needed
            for (String in : n.getInputList()) todo.push(nodeOf(in));
        }
        GraphDef.Builder out = GraphDef.newBuilder().setVersions(def.getVersions()).setLibrary(def.getLibrary());
        for (NodeDef n : def.getNodeList()) {
            if (!needed.contains(n.getName())) continue;
            out.addNode(isVariable(n) ? constant(n, session) : n);
        }
        Graph g = new Graph();
        try {
            g.importGraphDef(out.build());
            return new Frozen(g, new Session(g, config));
        } catch (RuntimeException e) {
            g.close();
            throw e;
        }
    }

    private static boolean isVariable(NodeDef n) {
        return (n.getOp().equals("VariableV2") || n.getOp().equals("Variable"))
                && n.getAttrOrThrow("dtype").getType() == DataType.DT_FLOAT;
    }

    private static String nodeOf(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.indexOf(':');
        return colon < 0 ? s : s.substring(0, colon);
    }

    private static NodeDef constant(NodeDef variable, Session session) {
        try (TFloat32 t = (TFloat32) session.runner().fetch(variable.getName()).run().get(0)) {
            long[] shape = t.shape().asArray();
            float[] values = Tensors.floats(t);
            ByteBuffer bytes = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asFloatBuffer().put(values);
            TensorShapeProto.Builder sp = TensorShapeProto.newBuilder();
            for (long d : shape) sp.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            TensorProto value = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(sp)
                    .setTensorContent(com.google.protobuf.UnsafeByteOperations.unsafeWrap(bytes.array())).build();
            return NodeDef.newBuilder().setName(variable.getName()).setOp("Const").setDevice(variable.getDevice())
                    .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                    .putAttr("value", AttrValue.newBuilder().setTensor(value).build()).build();
        }
    }
}
