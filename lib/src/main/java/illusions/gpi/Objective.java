package illusions.gpi;

import illusions.model.Batch;
import illusions.model.ClassifierModel;
import illusions.model.InputNormalization;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A quantity GPI ascends, one value per sample. An objective is built once into the model's
 * graph ({@link #build}); what it holds fixed for a run (the least likely classes, the noisy
 * target features) is computed from the starting images by {@link Loss#prepare}.
 */
public interface Objective {

    /** A one-line description for tables and logs, e.g. "IncreaseConfidence(k=100, CE)". */
    String describe();

    /** The parameters that define this objective, for config.json. */
    Map<String, Object> parameters();

    Loss build(Ops tf, ClassifierModel model);

    /** The built graph of an objective. Closing it releases what {@link #prepare} fixed for a run. */
    interface Loss extends AutoCloseable {
        /** Loss per sample, shape [N]; the engine ascends the sum over the batch. */
        Operand<TFloat32> perSample();

        /**
         * The ascent direction before the step type is applied, [N,H,W,3]; null means the
         * gradient of the summed loss with respect to the image (every objective but
         * CompositionalFusion).
         */
        default Operand<TFloat32> customGradient() {
            return null;
        }

        /** Fixes what the objective holds constant during a run, from the starting batch. */
        default void prepare(ClassifierModel model, Batch x0, InputNormalization norm, List<NoiseSource> noise) {}

        /** Adds this objective's feeds (made once by {@link #prepare}) to a step run. */
        default void feed(Session.Runner runner) {}

        /** Releases the tensors made by {@link #prepare}. */
        @Override
        default void close() {}

        /** What prepare() chose, per sample, for the trajectory table (e.g. the least likely classes). */
        default List<String> preparedSummary() {
            return List.of();
        }
    }
}
