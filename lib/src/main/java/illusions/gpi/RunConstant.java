package illusions.gpi;

import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * A placeholder whose value is fixed for a whole run (an objective's target): made into a tensor
 * once by {@link #set}, fed at every step, released by {@link #close}.
 */
final class RunConstant implements AutoCloseable {
    private final Operand<TFloat32> placeholder;
    private TFloat32 value;

    RunConstant(Operand<TFloat32> placeholder) {
        this.placeholder = placeholder;
    }

    /** Replaces the value, releasing the previous one. */
    void set(TFloat32 tensor) {
        close();
        value = tensor;
    }

    void feed(Session.Runner runner) {
        if (value == null) throw new IllegalStateException("objective used before prepare()");
        runner.feed(placeholder, value);
    }

    @Override
    public void close() {
        if (value != null) value.close();
        value = null;
    }
}
