package illusions.gpi;

import illusions.model.ClassifierModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The reference's CompositionalFusion: the ascent direction is the sum of the per-sample
 * L2-normalized gradients of log p(c|x) over the positive classes minus the same over the
 * negative classes. The recorded loss is sum over positives of log p minus sum over negatives.
 */
public final class CompositionalFusion implements Objective {
    private final List<Integer> positive;
    private final List<Integer> negative;

    public CompositionalFusion(List<Integer> positive, List<Integer> negative) {
        if (positive.isEmpty() && negative.isEmpty()) {
            throw new IllegalArgumentException("compositional-fusion needs --positive and/or --negative classes");
        }
        this.positive = List.copyOf(positive);
        this.negative = List.copyOf(negative);
    }

    @Override
    public String describe() {
        return "CompositionalFusion(+" + positive + ", -" + negative + ")";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loss", "compositional-fusion");
        m.put("positive", positive);
        m.put("negative", negative);
        return m;
    }

    @Override
    public Loss build(Ops tf, ClassifierModel model) {
        Operand<TFloat32> loss = null;
        Operand<TFloat32> direction = null;
        for (int sign : new int[] {1, -1}) {
            for (int c : sign > 0 ? positive : negative) {
                Operand<TFloat32> lp = TargetClass.logProbability(tf, model, c);
                Operand<TFloat32> term = sign > 0 ? lp : tf.math.neg(lp);
                loss = loss == null ? term : tf.math.add(loss, term);
                @SuppressWarnings("unchecked")
                Output<TFloat32> g = (Output<TFloat32>) model.graph().addGradients(
                        tf.reduceSum(lp, tf.constant(0)).asOutput(), new Output<?>[] {model.image()})[0];
                Operand<TFloat32> unit = StepType.L2.direction(tf, g);
                Operand<TFloat32> signed = sign > 0 ? unit : tf.math.neg(unit);
                direction = direction == null ? signed : tf.math.add(direction, signed);
            }
        }
        Operand<TFloat32> l = loss;
        Operand<TFloat32> d = direction;
        return new Loss() {
            @Override
            public Operand<TFloat32> perSample() {
                return l;
            }

            @Override
            public Operand<TFloat32> customGradient() {
                return d;
            }
        };
    }
}
