package illusions.gpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import illusions.model.BlockType;
import illusions.model.ClassifierModel;
import illusions.model.OpProfile;
import illusions.model.Precision;
import illusions.model.ResNetSpec;
import illusions.model.StateDict;
import java.util.List;
import org.junit.jupiter.api.Test;

/** bench --profile: TensorFlow's step statistics of a GPI step, summed by op type. */
class OpProfileTest {

    @Test
    void aTracedStepHasItsConvolutionsForwardAndBackwardWithOneNodePerLayer() {
        ResNetSpec spec = new ResNetSpec(List.of(1, 1, 1, 1), BlockType.BASIC, 8, 10, PrecisionTest.SIZE);
        try (ClassifierModel m = ClassifierModel.inMemory(spec, StateDict.random(spec, 3), null, 1, Precision.FP32)) {
            List<Sample> s = List.of(new Sample("a", PrecisionTest.image(2), 0), new Sample("b", PrecisionTest.image(3), 1));
            OpProfile p = new Gpi(m, PrecisionTest.config(1)).profile(s, 3);
            assertEquals(3, p.runs());
            assertTrue(p.wallMicros() > 0 && p.totalMicros() > 0, p.table(5));
            // a 4-block ResNet-10 has 12 convolutions (stem, 8 in blocks, 3 shortcuts), each run forward and, for the
            // input gradient, backward; whatever names oneDNN gives them, they carry Conv2D
            int forward = p.ops().stream().filter(o -> o.op().contains("Conv2D") && !o.op().contains("Backprop"))
                    .mapToInt(OpProfile.OpTime::nodesPerRun).sum();
            int backward = p.ops().stream().filter(o -> o.op().contains("Conv2DBackpropInput"))
                    .mapToInt(OpProfile.OpTime::nodesPerRun).sum();
            assertEquals(12, forward, p.table(40));
            assertTrue(backward >= 11 && backward <= 12, p.table(40)); // the stem's input gradient may be fused or not
            // no weight gradients: GPI differentiates with respect to the input only
            assertTrue(p.ops().stream().noneMatch(o -> o.op().contains("BackpropFilter")), p.table(40));
            String t = p.table(3);
            assertTrue(t.startsWith("op | ms per run | share of op time | nodes per run\n"), t);
            assertTrue(t.contains("other op types") && t.contains("all ops"), t);
        }
    }
}
