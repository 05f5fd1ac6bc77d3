package illusions.gpi;

/** A NaN or infinity appeared during a run; the message names the iteration and the sample. */
public class NonFiniteValueException extends RuntimeException {
    public NonFiniteValueException(String message) {
        super(message);
    }
}
