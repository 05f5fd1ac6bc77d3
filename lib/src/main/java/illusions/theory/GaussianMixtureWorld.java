package illusions.theory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A world whose density is known in closed form: K classes in d dimensions, each class a mixture
 * of a few anisotropic Gaussians,
 *
 * <pre>
 *   p(y)     = prior[y]
 *   p(x|y)   = sum_m w[y][m] N(x; mu[y][m], Sigma[y][m]),   Sigma = R diag(s^2) R^T
 *   p(x)     = sum_y p(y) p(x|y)
 *   p(y|x)   = p(y) p(x|y) / p(x)
 * </pre>
 *
 * with every log-density and its gradient in x computed exactly (log-sum-exp over components
 * and classes, so nothing underflows far from the data):
 *
 * <pre>
 *   grad log N(x; mu, Sigma) = -Sigma^-1 (x - mu)
 *   grad log p(x|y)          = sum_m r_m(x) grad log N_m(x),      r_m = responsibility of component m in class y
 *   grad log p(x)            = sum_y p(y|x) grad log p(x|y)
 *   grad log p(y|x)          = grad log p(x|y) - grad log p(x)   (Bayes; log p(y) does not depend on x)
 * </pre>
 *
 * <p>{@link #random} makes one by seed and rescales it so that the data's per-coordinate standard
 * deviation, sqrt(trace Cov[x] / d), is exactly 1: every length in the experiments (PGD radius,
 * GPI step, noise) is in that unit.
 *
 * <p>Immutable; all methods are thread-safe.
 */
public final class GaussianMixtureWorld {
    private final int dim;
    private final int classes;
    private final double[] logPrior;
    /** Per class, per component. */
    private final double[][] logWeight;
    private final double[][][] mean;
    /** Rotation R (rows = d x d, row-major by [i][j]) and per-axis std s of each component. */
    private final double[][][][] rotation;
    private final double[][][] std;
    private final double[][] logNorm;
    private final Map<String, Object> description;

    private GaussianMixtureWorld(int dim, double[] prior, double[][] weights, double[][][] mean,
            double[][][][] rotation, double[][][] std, Map<String, Object> description) {
        this.dim = dim;
        this.classes = prior.length;
        this.logPrior = new double[classes];
        this.logWeight = new double[classes][];
        this.logNorm = new double[classes][];
        for (int y = 0; y < classes; y++) {
            if (!(prior[y] > 0)) throw new IllegalArgumentException("class prior must be positive");
            logPrior[y] = Math.log(prior[y]);
            int m = weights[y].length;
            logWeight[y] = new double[m];
            logNorm[y] = new double[m];
            for (int k = 0; k < m; k++) {
                logWeight[y][k] = Math.log(weights[y][k]);
                double logDet = 0;
                for (int i = 0; i < dim; i++) {
                    if (!(std[y][k][i] > 0)) throw new IllegalArgumentException("component std must be positive");
                    logDet += 2 * Math.log(std[y][k][i]);
                }
                logNorm[y][k] = -0.5 * dim * Math.log(2 * Math.PI) - 0.5 * logDet;
            }
        }
        this.mean = mean;
        this.rotation = rotation;
        this.std = std;
        this.description = description;
    }

    /**
     * A world made by seed. The classes live in a {@code informative}-dimensional subspace:
     * {@code classes} equiprobable classes of {@code components} equally weighted Gaussians each,
     * means drawn from N(0, spread^2 / informative I), each component with its own random rotation
     * and per-axis standard deviations log-uniform in [minStd, maxStd]; this part is scaled so
     * that its per-coordinate standard deviation sqrt(trace Cov / informative) is exactly 1, the
     * unit of every length in the experiments. The other d - informative coordinates are a
     * nuisance shared by every component: a zero-mean Gaussian with its own random rotation and
     * standard deviations log-uniform in [minStd, maxStd] (times the same scale factor). Finally
     * the whole space is turned by a random rotation, so no axis is special.
     *
     * <p>With the same seed, spread, stds and informative dimension, worlds of every d share the
     * same informative part (it is drawn first): a d = 16 world is the d = 2 world plus 14 nuisance
     * dimensions, so Bayes accuracy does not change with d and a trend in d is the nuisance's doing.
     */
    public static GaussianMixtureWorld random(int dim, int informative, int classes, int components, double spread,
            double minStd, double maxStd, long seed) {
        if (dim < 1 || classes < 2 || components < 1 || informative < 1 || informative > dim) {
            throw new IllegalArgumentException("need dim >= 1, 1 <= informative <= dim, classes >= 2, components >= 1");
        }
        if (!(minStd > 0 && maxStd >= minStd)) throw new IllegalArgumentException("need 0 < minStd <= maxStd");
        int k = informative;
        SplittableRandom rng = new SplittableRandom(seed);
        double[] prior = new double[classes];
        Arrays.fill(prior, 1.0 / classes);
        double[][] w = new double[classes][components];
        double[][][] muK = new double[classes][components][k];
        double[][][][] rotK = new double[classes][components][][];
        double[][][] sK = new double[classes][components][k];
        for (int y = 0; y < classes; y++) {
            for (int c = 0; c < components; c++) {
                w[y][c] = 1.0 / components;
                for (int i = 0; i < k; i++) muK[y][c][i] = rng.nextGaussian() * spread / Math.sqrt(k);
                rotK[y][c] = randomRotation(k, rng);
                for (int i = 0; i < k; i++) sK[y][c][i] = logUniform(rng, minStd, maxStd);
            }
        }
        // Scale of the informative part: Cov = E[Sigma_c] + Cov[mu_c]; only traces are needed.
        double[] overallMean = new double[k];
        for (int y = 0; y < classes; y++) {
            for (int c = 0; c < components; c++) {
                for (int i = 0; i < k; i++) overallMean[i] += prior[y] * w[y][c] * muK[y][c][i];
            }
        }
        double trace = 0;
        for (int y = 0; y < classes; y++) {
            for (int c = 0; c < components; c++) {
                double t = 0;
                for (int i = 0; i < k; i++) {
                    double dm = muK[y][c][i] - overallMean[i];
                    t += sK[y][c][i] * sK[y][c][i] + dm * dm;
                }
                trace += prior[y] * w[y][c] * t;
            }
        }
        double scale = 1 / Math.sqrt(trace / k);
        // The nuisance (drawn after the informative part, so that part is the same for every d).
        int m = dim - k;
        double[][] rotN = m > 0 ? randomRotation(m, rng) : new double[0][0];
        double[] sN = new double[m];
        for (int i = 0; i < m; i++) sN[i] = logUniform(rng, minStd, maxStd) * scale;
        double[][] turn = dim > k ? randomRotation(dim, rng) : identity(dim);

        double[][][] mu = new double[classes][components][dim];
        double[][][][] rot = new double[classes][components][dim][dim];
        double[][][] s = new double[classes][components][dim];
        for (int y = 0; y < classes; y++) {
            for (int c = 0; c < components; c++) {
                // Axes (rows) in the block coordinates, then turned: axis' = turn^T-applied, i.e. row a of R times turn.
                double[][] block = new double[dim][dim];
                for (int a = 0; a < k; a++) System.arraycopy(rotK[y][c][a], 0, block[a], 0, k);
                for (int a = 0; a < m; a++) System.arraycopy(rotN[a], 0, block[k + a], k, m);
                double[] muBlock = new double[dim];
                for (int i = 0; i < k; i++) muBlock[i] = (muK[y][c][i] - overallMean[i]) * scale;
                for (int a = 0; a < dim; a++) {
                    for (int j = 0; j < dim; j++) {
                        double v = 0;
                        for (int q = 0; q < dim; q++) v += block[a][q] * turn[q][j];
                        rot[y][c][a][j] = v;
                    }
                }
                for (int j = 0; j < dim; j++) {
                    double v = 0;
                    for (int q = 0; q < dim; q++) v += muBlock[q] * turn[q][j];
                    mu[y][c][j] = v;
                }
                for (int i = 0; i < k; i++) s[y][c][i] = sK[y][c][i] * scale;
                for (int i = 0; i < m; i++) s[y][c][k + i] = sN[i];
            }
        }
        Map<String, Object> desc = new LinkedHashMap<>();
        desc.put("dim", dim);
        desc.put("informative_dims", k);
        desc.put("classes", classes);
        desc.put("components_per_class", components);
        desc.put("spread", spread);
        desc.put("min_std", minStd);
        desc.put("max_std", maxStd);
        desc.put("seed", seed);
        desc.put("scale", scale);
        return new GaussianMixtureWorld(dim, prior, w, mu, rot, s, desc);
    }

    private static double logUniform(SplittableRandom rng, double lo, double hi) {
        return Math.exp(Math.log(lo) + rng.nextDouble() * (Math.log(hi) - Math.log(lo)));
    }

    /** One Gaussian per class, axis-aligned: for tests and small examples. */
    public static GaussianMixtureWorld of(double[] prior, double[][] means, double[][] stds) {
        int c = prior.length, d = means[0].length;
        double[][] w = new double[c][] ;
        double[][][] mu = new double[c][1][];
        double[][][][] rot = new double[c][1][][];
        double[][][] s = new double[c][1][];
        for (int y = 0; y < c; y++) {
            w[y] = new double[] {1};
            mu[y][0] = means[y].clone();
            s[y][0] = stds[y].clone();
            rot[y][0] = identity(d);
        }
        return new GaussianMixtureWorld(d, prior, w, mu, rot, s, Map.of("kind", "one axis-aligned Gaussian per class"));
    }

    /** Uniformly random rotation (Gram-Schmidt on a Gaussian matrix). */
    static double[][] randomRotation(int d, SplittableRandom rng) {
        double[][] q = new double[d][d];
        for (int i = 0; i < d; i++) {
            while (true) {
                for (int j = 0; j < d; j++) q[i][j] = rng.nextGaussian();
                for (int p = 0; p < i; p++) {
                    double dot = 0;
                    for (int j = 0; j < d; j++) dot += q[i][j] * q[p][j];
                    for (int j = 0; j < d; j++) q[i][j] -= dot * q[p][j];
                }
                double n = 0;
                for (int j = 0; j < d; j++) n += q[i][j] * q[i][j];
                n = Math.sqrt(n);
                if (n > 1e-8) {
                    for (int j = 0; j < d; j++) q[i][j] /= n;
                    break;
                }
            }
        }
        return q;
    }

    private static double[][] identity(int d) {
        double[][] r = new double[d][d];
        for (int i = 0; i < d; i++) r[i][i] = 1;
        return r;
    }

    public int dim() { return dim; }

    public int classes() { return classes; }

    public Map<String, Object> description() { return description; }

    public double prior(int y) { return Math.exp(logPrior[y]); }

    // --- densities -------------------------------------------------------------------------------

    /** log N_m(x) for every component of class y, plus log w_m; and, if grads != null, grad log N_m. */
    private double[] componentLogs(double[] x, int y, double[][] grads) {
        int m = logWeight[y].length;
        double[] out = new double[m];
        double[] z = new double[dim];
        for (int k = 0; k < m; k++) {
            double[][] r = rotation[y][k];
            double[] mu = mean[y][k], s = std[y][k];
            // z_a = axis_a . (x - mu) / s_a, the axes being the rows of the component's rotation
            double quad = 0;
            for (int a = 0; a < dim; a++) {
                double dot = 0;
                double[] axis = r[a];
                for (int j = 0; j < dim; j++) dot += axis[j] * (x[j] - mu[j]);
                z[a] = dot / s[a];
                quad += z[a] * z[a];
            }
            out[k] = logWeight[y][k] + logNorm[y][k] - 0.5 * quad;
            if (grads != null) {
                double[] g = grads[k];
                Arrays.fill(g, 0);
                for (int a = 0; a < dim; a++) {
                    double c = -z[a] / s[a];
                    double[] axis = r[a];
                    for (int j = 0; j < dim; j++) g[j] += c * axis[j];
                }
            }
        }
        return out;
    }

    static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double a : v) max = Math.max(max, a);
        if (max == Double.NEGATIVE_INFINITY) return max;
        double s = 0;
        for (double a : v) s += Math.exp(a - max);
        return max + Math.log(s);
    }

    /** log p(x|y). */
    public double logConditional(double[] x, int y) {
        return logSumExp(componentLogs(x, y, null));
    }

    /** log p(x). */
    public double logMarginal(double[] x) {
        double[] v = new double[classes];
        for (int y = 0; y < classes; y++) v[y] = logPrior[y] + logConditional(x, y);
        return logSumExp(v);
    }

    /** log p(y|x). */
    public double logPosterior(double[] x, int y) {
        return logPrior[y] + logConditional(x, y) - logMarginal(x);
    }

    /** p(.|x), the exact Bayes posterior. */
    public double[] posterior(double[] x) {
        double[] v = new double[classes];
        for (int y = 0; y < classes; y++) v[y] = logPrior[y] + logConditional(x, y);
        double lse = logSumExp(v);
        for (int y = 0; y < classes; y++) v[y] = Math.exp(v[y] - lse);
        return v;
    }

    /** Everything at one point: log p(x|c) and grad log p(x|c) for every class c, log p(x), grad log p(x). */
    public record Scores(double[] logConditional, double[][] gradConditional, double logMarginal, double[] gradMarginal,
            double[] posterior, double[] logJoint) {
        /** grad log p(y|x) = grad log p(x|y) - grad log p(x). */
        public double[] gradPosterior(int y) {
            double[] g = gradConditional[y].clone();
            for (int i = 0; i < g.length; i++) g[i] -= gradMarginal[i];
            return g;
        }

        /** log p(y|x), computed as log p(y) + log p(x|y) - log p(x) (finite even where p(y|x) underflows). */
        public double logPosterior(int y) {
            return logJoint[y] - logMarginal;
        }
    }

    public Scores scores(double[] x) {
        if (x.length != dim) throw new IllegalArgumentException("x has " + x.length + " coordinates, world has " + dim);
        double[] lc = new double[classes];
        double[][] gc = new double[classes][dim];
        for (int y = 0; y < classes; y++) {
            int m = logWeight[y].length;
            double[][] g = new double[m][dim];
            double[] l = componentLogs(x, y, g);
            double lse = logSumExp(l);
            lc[y] = lse;
            for (int k = 0; k < m; k++) {
                double r = Math.exp(l[k] - lse);
                for (int j = 0; j < dim; j++) gc[y][j] += r * g[k][j];
            }
        }
        double[] joint = new double[classes];
        for (int y = 0; y < classes; y++) joint[y] = logPrior[y] + lc[y];
        double lm = logSumExp(joint);
        double[] post = new double[classes];
        double[] gm = new double[dim];
        for (int y = 0; y < classes; y++) {
            post[y] = Math.exp(joint[y] - lm);
            for (int j = 0; j < dim; j++) gm[j] += post[y] * gc[y][j];
        }
        return new Scores(lc, gc, lm, gm, post, joint);
    }

    /** grad_x log p(x|y), the class-conditional score. */
    public double[] gradLogConditional(double[] x, int y) {
        int m = logWeight[y].length;
        double[][] g = new double[m][dim];
        double[] l = componentLogs(x, y, g);
        double lse = logSumExp(l);
        double[] out = new double[dim];
        for (int k = 0; k < m; k++) {
            double r = Math.exp(l[k] - lse);
            for (int j = 0; j < dim; j++) out[j] += r * g[k][j];
        }
        return out;
    }

    /** grad_x log p(x), the marginal score. */
    public double[] gradLogMarginal(double[] x) {
        return scores(x).gradMarginal();
    }

    /** grad_x log p(y|x), the exact posterior's input gradient. */
    public double[] gradLogPosterior(double[] x, int y) {
        return scores(x).gradPosterior(y);
    }

    // --- sampling --------------------------------------------------------------------------------

    /** A labelled sample. */
    public record Dataset(double[][] x, int[] y) {
        public int size() { return y.length; }

        public int dim() { return x.length == 0 ? 0 : x[0].length; }

        /** The rows of class c. */
        public double[][] ofClass(int c) {
            List<double[]> out = new ArrayList<>();
            for (int i = 0; i < y.length; i++) if (y[i] == c) out.add(x[i]);
            return out.toArray(double[][]::new);
        }
    }

    /** n draws of (x, y) from p(x, y), fully determined by the seed. */
    public Dataset sample(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = draw(logPrior, rng);
            x[i] = drawFromClass(y[i], rng);
        }
        return new Dataset(x, y);
    }

    /** n draws from p(x|y). */
    public double[][] sampleClass(int y, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) x[i] = drawFromClass(y, rng);
        return x;
    }

    private double[] drawFromClass(int y, SplittableRandom rng) {
        int k = draw(logWeight[y], rng);
        double[] x = mean[y][k].clone();
        double[][] r = rotation[y][k];
        double[] s = std[y][k];
        for (int a = 0; a < dim; a++) {
            double z = rng.nextGaussian() * s[a];
            for (int j = 0; j < dim; j++) x[j] += z * r[a][j];
        }
        return x;
    }

    private static int draw(double[] logP, SplittableRandom rng) {
        double u = rng.nextDouble(), acc = 0;
        for (int i = 0; i < logP.length; i++) {
            acc += Math.exp(logP[i]);
            if (u < acc) return i;
        }
        return logP.length - 1;
    }

    /** Accuracy of the Bayes classifier argmax_y p(y|x) on a data set. */
    public double bayesAccuracy(Dataset data) {
        int ok = 0;
        for (int i = 0; i < data.size(); i++) {
            double[] p = posterior(data.x()[i]);
            int best = 0;
            for (int c = 1; c < classes; c++) if (p[c] > p[best]) best = c;
            if (best == data.y()[i]) ok++;
        }
        return (double) ok / data.size();
    }
}
