package dev.assay.agent.poison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.agent.memory.Label;
import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.hipparchus.linear.LUDecomposition;
import org.hipparchus.linear.MatrixUtils;
import org.hipparchus.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class PoisonCheckTest {
    /** Unit vectors around a class centre: centre + noise, each coordinate's noise with its own scale. */
    static List<float[]> cluster(Random r, float[] centre, int n, double noise) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[centre.length];
            for (int j = 0; j < v.length; j++) v[j] = (float) (centre[j] + noise * (1 + j % 3) * r.nextGaussian());
            out.add(PoisonCheck.unit(v));
        }
        return out;
    }

    static float[] centre(Random r, int d) {
        float[] c = new float[d];
        for (int j = 0; j < d; j++) c[j] = (float) r.nextGaussian();
        return c;
    }

    @Test
    void theWoodburyDistanceIsTheShrunkCovariancesMahalanobisDistance() {
        Random r = new Random(3);
        int d = 12;
        List<float[]> xs = cluster(r, centre(r, d), 9, 0.3); // fewer examples than dimensions
        PoisonCheck.ClassModel m = PoisonCheck.ClassModel.fit(xs);
        int n = xs.size();
        double[] mean = m.mean;
        RealMatrix s = MatrixUtils.createRealMatrix(d, d);
        for (float[] v : xs) {
            for (int i = 0; i < d; i++) for (int j = 0; j < d; j++) s.addToEntry(i, j, (v[i] - mean[i]) * (v[j] - mean[j]) / n);
        }
        double mu = s.getTrace() / d;
        RealMatrix sigma = s.scalarMultiply(1 - m.shrinkage).add(MatrixUtils.createRealIdentityMatrix(d).scalarMultiply(m.shrinkage * mu));
        RealMatrix inv = new LUDecomposition(sigma).getSolver().getInverse();
        float[] probe = PoisonCheck.unit(centre(r, d));
        double[] y = new double[d];
        for (int j = 0; j < d; j++) y[j] = probe[j] - mean[j];
        double direct = MatrixUtils.createRealVector(y).dotProduct(inv.operate(MatrixUtils.createRealVector(y))) / d;
        assertThat(m.distance(probe)).isCloseTo(direct, within(1e-6 * direct));
        assertThat(m.shrinkage).isBetween(PoisonCheck.MIN_SHRINKAGE, 1.0);
    }

    @Test
    void genuineExemplarsAreFlaggedAtAboutTheFalseFlagRate_andMislabelledOnesMostly() {
        Random r = new Random(11);
        int d = 96;
        float[] safeCentre = centre(r, d);
        float[] unsafeCentre = centre(r, d);
        for (int j = 0; j < d; j++) unsafeCentre[j] = 0.6f * safeCentre[j] + 0.8f * unsafeCentre[j]; // overlapping classes
        PoisonCheck check = PoisonCheck.fit(cluster(r, safeCentre, 150, 0.6), cluster(r, unsafeCentre, 150, 0.6), PoisonCheck.Config.defaults());
        int genuineFlags = 0, genuine = 0, poisonFlags = 0, poison = 0;
        for (float[] v : cluster(r, safeCentre, 400, 0.6)) {
            genuine++;
            if (!check.check(v, Label.SAFE).accepted()) genuineFlags++;
            poison++;
            PoisonCheck.Verdict p = check.check(v, Label.UNSAFE);
            if (!p.accepted()) {
                poisonFlags++;
                assertThat(p.reason()).startsWith("labelled unsafe, but").contains("safe examples");
            }
        }
        for (float[] v : cluster(r, unsafeCentre, 400, 0.6)) {
            genuine++;
            if (!check.check(v, Label.UNSAFE).accepted()) genuineFlags++;
        }
        double falseFlags = genuineFlags / (double) genuine;
        assertThat(falseFlags).as("false-flag rate at 0.05").isLessThan(0.10);
        assertThat(poisonFlags / (double) poison).as("mislabelled flagged").isGreaterThan(0.9);
        assertThat(check.check(cluster(r, safeCentre, 1, 0.6).get(0), Label.SAFE).reason()).isEmpty();
    }

    @Test
    void tooFewExamplesOrMixedDimensionsAreRefusedNamingTheProblem() {
        Random r = new Random(5);
        List<float[]> few = cluster(r, centre(r, 8), 5, 0.1);
        List<float[]> many = cluster(r, centre(r, 8), 65, 0.1);
        assertThat(PoisonCheck.canFit(5, 65, PoisonCheck.Config.defaults())).isFalse();
        assertThatThrownBy(() -> PoisonCheck.fit(few, many, PoisonCheck.Config.defaults())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at least 60 examples of each class").hasMessageContaining("5 safe and 65 unsafe");
        List<float[]> mixed = new ArrayList<>(many);
        mixed.add(new float[] {1, 2, 3});
        assertThatThrownBy(() -> PoisonCheck.fit(many, mixed, PoisonCheck.Config.defaults())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("dimension");
        assertThatThrownBy(() -> new PoisonCheck.Config(0, 60, 5, 1)).hasMessageContaining("falseFlagRate");
    }

    @Test
    void theConformalThresholdIsAnOrderStatistic() {
        double[] s = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
        assertThat(PoisonCheck.conformal(s, 0.1)).isEqualTo(10); // ceil(0.9 * 11) = 10th smallest
        assertThat(PoisonCheck.conformal(s, 0.3)).isEqualTo(8); // ceil(0.7 * 11) = 8th
        assertThat(PoisonCheck.conformal(s, 0.05)).isInfinite(); // ceil(0.95 * 11) = 11 > 10
    }
}
