package illusions.stimuli;

import java.util.Arrays;
import java.util.List;

final class Polarities {
    private Polarities() {}

    static final List<String> LABELS = Arrays.stream(Polarity.values()).map(Polarity::label).toList();
}
