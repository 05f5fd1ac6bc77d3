package illusions.stimuli;

/**
 * A stimulus: a value object of parameters that renders, deterministically and anti-aliased, to
 * a square image of any size together with its named region masks.
 *
 * <p>Geometry convention for every stimulus in this package: lengths and positions are in pixels
 * of a {@value #REFERENCE_SIZE}x{@value #REFERENCE_SIZE} reference image (the network's input
 * size), origin at the top-left corner, x to the right, y down, angles in degrees clockwise on
 * screen. {@code render(size)} scales everything by {@code size / 224}, so the same parameters
 * describe the same figure at any resolution.
 */
public interface Stimulus {
    /** Side of the reference image in which all lengths are given. */
    int REFERENCE_SIZE = 224;

    /** Renders a {@code size x size} RGB image and its masks. */
    RenderedStimulus render(int size);
}
