package illusions.theory;

/**
 * How a gradient field lines up with a world's true scores on a labelled sample: the mean over
 * points of the cosine between g(x, y) and
 *
 * <ul>
 *   <li>grad log p(x|y), the class-conditional score (what the paper's eq. 12 says g approximates);</li>
 *   <li>grad log p(x), the marginal score (eq. 12 drops it);</li>
 *   <li>grad log p(y|x) = grad log p(x|y) - grad log p(x), what a perfect classifier's gradient is;</li>
 * </ul>
 *
 * and the mean squared norm E||g||^2, the gradient-norm term of the paper's eq. 7 when g is a
 * classifier's grad_x log p_theta(y|x). Points where either vector is exactly zero give no cosine
 * and are left out of that mean (counted in {@code skipped}).
 */
public record Alignment(double cosConditional, double cosMarginal, double cosPosterior, double meanSquaredNorm,
        int points, int skipped) {

    public static Alignment measure(GaussianMixtureWorld world, ClassGradient field, double[][] x, int[] y) {
        double[][] g = field.gradient(x, y);
        double cc = 0, cm = 0, cp = 0, sq = 0;
        int nc = 0, nm = 0, np = 0, skipped = 0;
        for (int i = 0; i < x.length; i++) {
            GaussianMixtureWorld.Scores s = world.scores(x[i]);
            double a = cosine(g[i], s.gradConditional()[y[i]]);
            double b = cosine(g[i], s.gradMarginal());
            double c = cosine(g[i], s.gradPosterior(y[i]));
            if (Double.isFinite(a)) { cc += a; nc++; } else skipped++;
            if (Double.isFinite(b)) { cm += b; nm++; }
            if (Double.isFinite(c)) { cp += c; np++; }
            sq += dot(g[i], g[i]);
        }
        return new Alignment(cc / nc, cm / nm, cp / np, sq / x.length, x.length, skipped);
    }

    /** cos(a, b), NaN when either is zero. */
    public static double cosine(double[] a, double[] b) {
        double na = Math.sqrt(dot(a, a)), nb = Math.sqrt(dot(b, b));
        if (na == 0 || nb == 0) return Double.NaN;
        return dot(a, b) / (na * nb);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /**
     * The world's own answer to "how much does dropping grad log p(x) matter", on a labelled
     * sample: the mean cosine between grad log p(y|x) and grad log p(x|y), and the root-mean-square
     * ratio ||grad log p(x)|| / ||grad log p(x|y)||.
     */
    public record Truth(double cosPosteriorConditional, double rmsMarginalOverConditional, double meanSqConditional,
            double meanSqMarginal) {}

    public static Truth truth(GaussianMixtureWorld world, double[][] x, int[] y) {
        double cos = 0, ratio = 0, sc = 0, sm = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            GaussianMixtureWorld.Scores s = world.scores(x[i]);
            double[] gc = s.gradConditional()[y[i]], gm = s.gradMarginal();
            double c = cosine(s.gradPosterior(y[i]), gc);
            if (Double.isFinite(c)) { cos += c; n++; }
            double nc = dot(gc, gc), nm = dot(gm, gm);
            if (nc > 0) ratio += nm / nc;
            sc += nc;
            sm += nm;
        }
        return new Truth(cos / n, Math.sqrt(ratio / x.length), sc / x.length, sm / x.length);
    }
}
