package dev.assay.agent.poison;

import dev.assay.agent.memory.Label;
import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;

/**
 * Whether a labelled exemplar fits the class it claims, before the memory learns it: a mislabelled (poisoned)
 * exemplar sits far from the examples of its claimed class and near those of the other.
 *
 * <p><b>Per-class model.</b> Mean and Ledoit-Wolf shrinkage covariance {@code (1 - delta) S + delta m I} of the
 * class's unit vectors ({@code m} the mean variance, {@code delta} the Ledoit-Wolf intensity). With fewer examples
 * than dimensions the sample covariance is singular; the shrunk one is not, and the Mahalanobis distance is computed
 * exactly through the Woodbury identity on the examples' Gram matrix (n x n, never d x d).
 *
 * <p><b>Three statistics</b> of a candidate claiming class c: {@code own}, its squared Mahalanobis distance to c per
 * dimension; {@code separation}, {@code ln(own / other)}, where {@code other} is its distance to the other class
 * (class-separation consistency: a genuine member is nearer its own class than the other, as the class's members
 * are); {@code disagreement}, the share of its {@value #K} nearest examples (by cosine, similarity-weighted on a
 * Beta(1, 1) prior, as the pattern memory votes) that belong to the other class. It is flagged when any is above the
 * class's threshold.
 *
 * <p><b>Calibration.</b> The thresholds are conformal quantiles of held-out members of each class (K folds: each
 * member scored against the model of the other folds), at level {@code 1 - falseFlagRate / 2} each, so a genuine
 * exemplar from the same distribution is flagged with probability at most {@code falseFlagRate}. Deterministic for
 * a seed.
 */
public final class PoisonCheck {
    /** The share of genuine exemplars the check may flag. */
    public static final double DEFAULT_FALSE_FLAG_RATE = 0.05;
    /**
     * Fewest exemplars of each class before the check can run: a conformal threshold at level 1 - rate / 3 needs at
     * least 3 / rate - 1 held-out scores to be finite (59 at the default rate).
     */
    public static final int DEFAULT_MIN_PER_CLASS = 60;
    public static final int DEFAULT_FOLDS = 5;
    public static final long DEFAULT_SEED = 1;
    /** Neighbours of the disagreement statistic. */
    public static final int K = 10;
    /** Statistics sharing the false-flag rate. */
    static final int STATISTICS = 3;
    /** The smallest shrinkage intensity used, so the covariance stays well conditioned. */
    static final double MIN_SHRINKAGE = 1e-3;

    /** How the check is calibrated. */
    public record Config(double falseFlagRate, int minPerClass, int folds, long seed) {
        public Config {
            if (!(falseFlagRate > 0 && falseFlagRate < 1)) throw new InvalidInputException("falseFlagRate must be in (0, 1), but was " + falseFlagRate);
            if (folds < 2) throw new InvalidInputException("folds must be >= 2, but was " + folds);
            if (minPerClass < folds) throw new InvalidInputException("minPerClass must be >= folds (" + folds + "), but was " + minPerClass);
            int finite = (int) Math.ceil(STATISTICS / falseFlagRate) - 1;
            if (minPerClass < finite) {
                throw new InvalidInputException("minPerClass must be >= " + finite + " for a false-flag rate of " + falseFlagRate
                        + " (fewer held-out examples cannot set a finite threshold), but was " + minPerClass);
            }
        }

        public static Config defaults() {
            return new Config(DEFAULT_FALSE_FLAG_RATE, DEFAULT_MIN_PER_CLASS, DEFAULT_FOLDS, DEFAULT_SEED);
        }
    }

    /** The check's answer on one exemplar, with its numbers. */
    public record Verdict(boolean accepted, Label claimed, double own, double separation, double disagreement, double ownThreshold,
                          double separationThreshold, double disagreementThreshold) {
        /** Why it was flagged, in words; empty when accepted. */
        public String reason() {
            if (accepted) return "";
            List<String> why = new ArrayList<>();
            if (own > ownThreshold) {
                why.add(String.format(Locale.ROOT, "it is far from the %s examples (Mahalanobis %.3f per dimension > %.3f)",
                        claimed.name().toLowerCase(Locale.ROOT), own, ownThreshold));
            }
            if (separation > separationThreshold) {
                why.add(String.format(Locale.ROOT, "it is nearer the %s examples than %s ones are (log distance ratio %.3f > %.3f)",
                        other(claimed).name().toLowerCase(Locale.ROOT), claimed.name().toLowerCase(Locale.ROOT), separation, separationThreshold));
            }
            if (disagreement > disagreementThreshold) {
                why.add(String.format(Locale.ROOT, "its nearest examples are mostly %s (weighted share %.2f > %.2f)",
                        other(claimed).name().toLowerCase(Locale.ROOT), disagreement, disagreementThreshold));
            }
            return "labelled " + claimed.name().toLowerCase(Locale.ROOT) + ", but " + String.join(", and ", why);
        }
    }

    private final Config config;
    private final ClassModel[] models = new ClassModel[2];
    private final double[] ownThreshold = new double[2];
    private final double[] separationThreshold = new double[2];
    private final double[] disagreementThreshold = new double[2];
    /** Every example with its label, for the neighbours. */
    private final List<float[]> all = new ArrayList<>();
    private final List<Label> labels = new ArrayList<>();

    private PoisonCheck(Config config) {
        this.config = config;
    }

    public Config config() {
        return config;
    }

    /** True when each class has at least {@code config.minPerClass()} examples, so {@link #fit} can calibrate. */
    public static boolean canFit(int safe, int unsafe, Config config) {
        return safe >= config.minPerClass() && unsafe >= config.minPerClass();
    }

    /** Fits both class models on the trusted examples and calibrates the thresholds. */
    public static PoisonCheck fit(List<float[]> safe, List<float[]> unsafe, Config config) {
        Objects.requireNonNull(config, "config");
        if (!canFit(safe.size(), unsafe.size(), config)) {
            throw new InvalidInputException("the poisoning check needs at least " + config.minPerClass() + " examples of each class, but has "
                    + safe.size() + " safe and " + unsafe.size() + " unsafe");
        }
        int dim = safe.get(0).length;
        for (List<float[]> l : List.of(safe, unsafe)) {
            for (float[] v : l) if (v.length != dim) throw new InvalidInputException("examples differ in dimension: " + v.length + " and " + dim);
        }
        PoisonCheck c = new PoisonCheck(config);
        List<List<float[]>> byLabel = List.of(safe, unsafe); // Label.SAFE, Label.UNSAFE order below
        for (Label l : Label.values()) c.models[l.ordinal()] = ClassModel.fit(byLabel.get(index(l)));
        for (Label l : Label.values()) {
            for (float[] v : byLabel.get(index(l))) {
                c.all.add(unit(v));
                c.labels.add(l);
            }
        }
        Random random = new Random(config.seed());
        double level = config.falseFlagRate() / STATISTICS;
        for (Label l : Label.values()) {
            List<float[]> members = byLabel.get(index(l));
            List<float[]> others = byLabel.get(index(other(l)));
            ClassModel other = c.models[other(l).ordinal()];
            int n = members.size();
            int[] fold = folds(n, config.folds(), random);
            double[] own = new double[n];
            double[] sep = new double[n];
            double[] dis = new double[n];
            for (int f = 0; f < config.folds(); f++) {
                List<float[]> rest = new ArrayList<>();
                for (int i = 0; i < n; i++) if (fold[i] != f) rest.add(members.get(i));
                ClassModel m = ClassModel.fit(rest);
                List<float[]> pool = new ArrayList<>();
                List<Label> poolLabels = new ArrayList<>();
                for (float[] v : rest) {
                    pool.add(unit(v));
                    poolLabels.add(l);
                }
                for (float[] v : others) {
                    pool.add(unit(v));
                    poolLabels.add(other(l));
                }
                for (int i = 0; i < n; i++) {
                    if (fold[i] != f) continue;
                    own[i] = m.distance(members.get(i));
                    sep[i] = Math.log(own[i] / other.distance(members.get(i)));
                    dis[i] = disagreement(unit(members.get(i)), l, pool, poolLabels);
                }
            }
            c.ownThreshold[l.ordinal()] = conformal(own, level);
            c.separationThreshold[l.ordinal()] = conformal(sep, level);
            c.disagreementThreshold[l.ordinal()] = conformal(dis, level);
        }
        return c;
    }

    /** The verdict on {@code vector} (any length-{@code d} vector; it is scaled to unit length) labelled {@code claimed}. */
    public Verdict check(float[] vector, Label claimed) {
        Objects.requireNonNull(claimed, "claimed");
        float[] u = unit(vector);
        double own = models[claimed.ordinal()].distance(u);
        double other = models[other(claimed).ordinal()].distance(u);
        double sep = Math.log(own / other);
        double dis = disagreement(u, claimed, all, labels);
        double ot = ownThreshold[claimed.ordinal()];
        double st = separationThreshold[claimed.ordinal()];
        double dt = disagreementThreshold[claimed.ordinal()];
        return new Verdict(!(own > ot) && !(sep > st) && !(dis > dt), claimed, own, sep, dis, ot, st, dt);
    }

    /** The similarity-weighted share of the {@value #K} nearest of {@code pool} labelled otherwise than {@code claimed}, on a Beta(1, 1) prior. */
    static double disagreement(float[] u, Label claimed, List<float[]> pool, List<Label> poolLabels) {
        int m = Math.min(K, pool.size());
        double[] best = new double[m];
        int[] who = new int[m];
        int filled = 0;
        for (int i = 0; i < pool.size(); i++) {
            float[] p = pool.get(i);
            double s = 0;
            for (int j = 0; j < u.length; j++) s += u[j] * p[j];
            if (filled == m && s <= best[m - 1]) continue;
            int at = filled < m ? filled++ : m - 1;
            while (at > 0 && best[at - 1] < s) {
                best[at] = best[at - 1];
                who[at] = who[at - 1];
                at--;
            }
            best[at] = s;
            who[at] = i;
        }
        double against = 1, total = 2;
        for (int j = 0; j < filled; j++) {
            double w = Math.max(0, best[j]);
            total += w;
            if (poolLabels.get(who[j]) != claimed) against += w;
        }
        return against / total;
    }

    /** The thresholds of {@code label}: own distance, separation, disagreement. */
    public double[] thresholds(Label label) {
        return new double[] {ownThreshold[label.ordinal()], separationThreshold[label.ordinal()], disagreementThreshold[label.ordinal()]};
    }

    static Label other(Label l) {
        return l == Label.SAFE ? Label.UNSAFE : Label.SAFE;
    }

    private static int index(Label l) {
        return l == Label.SAFE ? 0 : 1;
    }

    /** Balanced fold numbers for {@code n} items in a seeded random order. */
    static int[] folds(int n, int k, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int[] fold = new int[n];
        for (int r = 0; r < n; r++) fold[order[r]] = r % k;
        return fold;
    }

    /**
     * The conformal threshold at level {@code 1 - alpha}: the ceil((1 - alpha)(n + 1))-th smallest score, so a new
     * exchangeable score exceeds it with probability at most alpha; infinite when n is too small to say.
     */
    static double conformal(double[] scores, double alpha) {
        double[] s = scores.clone();
        Arrays.sort(s);
        int rank = (int) Math.ceil((1 - alpha) * (s.length + 1));
        return rank > s.length ? Double.POSITIVE_INFINITY : s[rank - 1];
    }

    static float[] unit(float[] v) {
        Objects.requireNonNull(v, "vector");
        double sq = 0;
        for (float x : v) {
            if (!Float.isFinite(x)) throw new InvalidInputException("the vector has a non-finite component");
            sq += (double) x * x;
        }
        if (sq == 0) throw new InvalidInputException("the vector is zero");
        double norm = Math.sqrt(sq);
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) u[i] = (float) (v[i] / norm);
        return u;
    }

    /**
     * One class: mean, centred examples X (n x d), and the Woodbury form of the inverse shrunk covariance
     * {@code Sigma = a I + c X^T X} with {@code a = delta m}, {@code c = (1 - delta) / n}:
     * {@code y^T Sigma^-1 y = |y|^2 / a - z^T M^-1 z / a^2}, {@code z = X y}, {@code M = I / c + G / a}, {@code G = X X^T}.
     */
    static final class ClassModel {
        final double[] mean;
        final double[][] x;
        final double a;
        final double c;
        final CholeskyDecomposition m; // null when delta = 1
        final double shrinkage;

        private ClassModel(double[] mean, double[][] x, double a, double c, CholeskyDecomposition m, double shrinkage) {
            this.mean = mean;
            this.x = x;
            this.a = a;
            this.c = c;
            this.m = m;
            this.shrinkage = shrinkage;
        }

        static ClassModel fit(List<float[]> examples) {
            int n = examples.size();
            int d = examples.get(0).length;
            double[] mean = new double[d];
            for (float[] v : examples) for (int j = 0; j < d; j++) mean[j] += v[j];
            for (int j = 0; j < d; j++) mean[j] /= n;
            double[][] x = new double[n][d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i][j] = examples.get(i)[j] - mean[j];
            double[][] g = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int k = 0; k <= i; k++) {
                    double s = dot(x[i], x[k]);
                    g[i][k] = s;
                    g[k][i] = s;
                }
            }
            // Ledoit-Wolf from the Gram matrix: S = X^T X / n
            double traceS = 0, frobS2 = 0;
            for (int i = 0; i < n; i++) {
                traceS += g[i][i];
                for (int k = 0; k < n; k++) frobS2 += g[i][k] * g[i][k];
            }
            traceS /= n;
            frobS2 /= (double) n * n;
            double mu = traceS / d;
            double d2 = frobS2 - mu * mu * d;
            double b2 = 0;
            for (int i = 0; i < n; i++) {
                double xsx = 0;
                for (int k = 0; k < n; k++) xsx += g[i][k] * g[i][k];
                xsx /= n;
                b2 += g[i][i] * g[i][i] - 2 * xsx + frobS2;
            }
            b2 /= (double) n * n;
            double delta = d2 <= 0 ? 1 : Math.min(1, Math.min(b2, d2) / d2);
            delta = Math.max(MIN_SHRINKAGE, delta);
            if (!(mu > 0)) mu = 1e-12; // all examples equal: distances then measure only the offset from the mean
            double a = delta * mu;
            double c = (1 - delta) / n;
            CholeskyDecomposition chol = null;
            if (c > 0) {
                RealMatrix mm = MatrixUtils.createRealMatrix(n, n);
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < n; k++) mm.setEntry(i, k, g[i][k] / a + (i == k ? 1 / c : 0));
                }
                chol = new CholeskyDecomposition(mm, 1e-9, 1e-12);
            }
            return new ClassModel(mean, x, a, c, chol, delta);
        }

        /** The squared Mahalanobis distance of {@code v} from the class, per dimension. */
        double distance(float[] v) {
            int d = mean.length;
            double[] y = new double[d];
            double yy = 0;
            for (int j = 0; j < d; j++) {
                y[j] = v[j] - mean[j];
                yy += y[j] * y[j];
            }
            double q = yy / a;
            if (m != null) {
                double[] z = new double[x.length];
                for (int i = 0; i < x.length; i++) z[i] = dot(x[i], y);
                double[] w = m.getSolver().solve(MatrixUtils.createRealVector(z)).toArray();
                double zw = 0;
                for (int i = 0; i < z.length; i++) zw += z[i] * w[i];
                q -= zw / (a * a);
            }
            return Math.max(q, 0) / d;
        }

        private static double dot(double[] p, double[] r) {
            double s = 0;
            for (int j = 0; j < p.length; j++) s += p[j] * r[j];
            return s;
        }
    }
}
