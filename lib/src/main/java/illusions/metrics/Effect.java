package illusions.metrics;

/**
 * The effect of an illusion: index on the stimulus minus index on its control, with a combined
 * standard error.
 *
 * @param stimulus summary of the index on the stimulus
 * @param control  summary of the index on the control
 * @param effect   stimulus mean - control mean
 * @param sem      standard error of the difference
 */
public record Effect(Summary stimulus, Summary control, double effect, double sem) {

    /** Independent repetitions: sem = sqrt(sem_stimulus^2 + sem_control^2). */
    public static Effect independent(Summary stimulus, Summary control) {
        return new Effect(stimulus, control, stimulus.mean() - control.mean(),
                Math.sqrt(stimulus.sem() * stimulus.sem() + control.sem() * control.sem()));
    }

    public static Effect independent(double[] stimulus, double[] control) {
        return independent(Summary.of(stimulus), Summary.of(control));
    }

    /**
     * Paired repetitions (the same seed or position for stimulus and control): sem is the standard
     * error of the per-pair differences, which removes the variance the pairs share.
     */
    public static Effect paired(double[] stimulus, double[] control) {
        if (stimulus.length != control.length) {
            throw new IllegalArgumentException("paired effect needs as many control values as stimulus values: "
                    + stimulus.length + " vs " + control.length);
        }
        double[] d = new double[stimulus.length];
        for (int i = 0; i < d.length; i++) d[i] = stimulus[i] - control[i];
        Summary diff = Summary.of(d);
        return new Effect(Summary.of(stimulus), Summary.of(control), diff.mean(), diff.sem());
    }
}
