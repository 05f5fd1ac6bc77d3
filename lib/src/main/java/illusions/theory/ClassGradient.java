package illusions.theory;

/**
 * A vector field indexed by class: for each point x and class y, a gradient in x. A trained
 * classifier gives grad_x log p_theta(y|x); a {@link GaussianMixtureWorld} gives the true
 * class-conditional score grad_x log p(x|y), the marginal score grad_x log p(x) (the same for
 * every y) and the exact posterior's grad_x log p(y|x).
 */
@FunctionalInterface
public interface ClassGradient {
    /** One gradient per row of {@code x}, at the class of the same row of {@code y}. */
    double[][] gradient(double[][] x, int[] y);

    /** grad_x log p(x|y) of the world: the score GPI should follow. */
    static ClassGradient conditionalScore(GaussianMixtureWorld world) {
        return (x, y) -> {
            double[][] g = new double[x.length][];
            for (int i = 0; i < x.length; i++) g[i] = world.gradLogConditional(x[i], y[i]);
            return g;
        };
    }

    /** grad_x log p(x) of the world (y is ignored). */
    static ClassGradient marginalScore(GaussianMixtureWorld world) {
        return (x, y) -> {
            double[][] g = new double[x.length][];
            for (int i = 0; i < x.length; i++) g[i] = world.gradLogMarginal(x[i]);
            return g;
        };
    }

    /** grad_x log p(y|x) of the exact Bayes posterior: what a perfect classifier's input gradient is. */
    static ClassGradient bayesPosterior(GaussianMixtureWorld world) {
        return (x, y) -> {
            double[][] g = new double[x.length][];
            for (int i = 0; i < x.length; i++) g[i] = world.gradLogPosterior(x[i], y[i]);
            return g;
        };
    }
}
