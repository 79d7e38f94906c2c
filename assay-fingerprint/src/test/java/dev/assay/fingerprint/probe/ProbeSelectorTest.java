package dev.assay.fingerprint.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ProbeSelectorTest {
    static final EncoderConfig CONFIG = new EncoderConfig(1024, "probes", 3, 1 << 20);
    static final ResponseEncoder ENCODER = new ResponseEncoder(CONFIG);

    static ProbeSet probes(String... ids) {
        List<Probe> out = new ArrayList<>();
        for (String id : ids) out.add(new Probe(id, "task " + id));
        return new ProbeSet(out);
    }

    /** A model answering probes p1..p5 {@code replicates} times; {@code odd} answers probe p3 in its own words. */
    static Signature model(String name, boolean odd, int replicates, long seed) {
        var b = Signature.builder(CONFIG, name);
        Random rng = new Random(seed);
        for (int i = 1; i <= 5; i++) {
            for (int r = 0; r < replicates; r++) {
                String text = "Here is the result for task " + i + ", option " + rng.nextInt(3) + ".";
                if (odd && i == 3) text = "LOL no idea!!! " + rng.nextInt(3) + " ~~ whatever";
                b.add(ENCODER.encode(Response.ofText(name, "p" + i, "task " + i, text)));
            }
        }
        return b.build();
    }

    @Test
    void informationGainPicksTheOnlyProbeThatTellsTwoModelsApart() {
        for (int replicates : new int[] {1, 4}) {
            // the same seed: both models give the same answers wherever they agree
            Separation sep = Separation.fromReferences(List.of(model("a", false, replicates, 7), model("b", true, replicates, 7)),
                    List.of("p1", "p2", "p3", "p4", "p5"));
            assertThat(sep.basis()).isEqualTo(replicates == 1 ? Separation.Basis.ACROSS_PROBES : Separation.Basis.PROBE_REPLICATES);
            ProbeSet first = ProbeSelector.informationGain(probes("p1", "p2", "p3", "p4", "p5"), sep, 1, 42);
            assertThat(first.ids()).containsExactly("p3");
            assertThat(sep.distance("p3", "a", "b")).isGreaterThan(0);
            assertThat(sep.distance("p1", "a", "b")).isZero();
        }
    }

    @Test
    void informationGainPrefersAProbeThatSeparatesAPairStillConfused() {
        // models a, b, c (pairs ab, ac, bc): x and y both tell a from b and c; z tells b from c, less strongly
        Separation sep = Separation.of(List.of("a", "b", "c"), Map.of(
                "x", new double[] {3, 3, 0}, "y", new double[] {3, 3, 0}, "z", new double[] {0, 0, 0.5}));
        ProbeSet order = ProbeSelector.informationGain(probes("x", "y", "z"), sep, 3, 1);
        assertThat(order.ids().get(0)).isIn("x", "y");
        assertThat(order.ids().get(1)).isEqualTo("z");
        // without the redundancy discount y would come second: its summed distance is larger
        assertThat(sep.totals().get("y")).isGreaterThan(sep.totals().get("z"));
    }

    @Test
    void uncertaintyStopsSplittingCandidatesTheAnswersRuledOut() {
        Separation sep = Separation.of(List.of("a", "b", "c"), Map.of(
                "c1", new double[] {0, 0.3, 0.3}, "c2", new double[] {0, 0.3, 0.3}, "ab", new double[] {0.3, 0, 0}));
        ProbeSet all = probes("ab", "c1", "c2");
        // statically, the second C-splitting probe comes before the a-b one
        List<String> greedy = ProbeSelector.informationGain(all, sep, 3, 5).ids();
        assertThat(greedy.subList(0, 2)).containsExactlyInAnyOrder("c1", "c2");

        ProbeSelector.Session s = ProbeSelector.session(all, sep, 1.0, 5);
        String first = s.next().id();
        assertThat(first).isEqualTo(greedy.get(0));
        s.observe(first, Map.of("a", 0.0, "b", 0.0, "c", -50.0));
        assertThat(s.posterior().get("c")).isLessThan(1e-20);
        assertThat(s.posterior().get("a")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(s.next().id()).isEqualTo("ab");

        // had the answer kept c plausible, the session would go on splitting c off like the static order
        ProbeSelector.Session t = ProbeSelector.session(all, sep, 1.0, 5);
        t.observe(first, Map.of("a", 0.0, "b", 0.0, "c", 0.0));
        assertThat(t.next().id()).isEqualTo(greedy.get(1));
        s.observe("ab", Map.of("a", 1.0, "b", 0.0, "c", 0.0));
        s.observe(s.next().id(), Map.of("a", 1.0, "b", 0.0, "c", 0.0));
        assertThat(s.next()).isNull();
        assertThat(s.asked()).hasSize(3);
    }

    @Test
    void sessionRefusesUnknownProbesRepeatsAndMissingScores() {
        Separation sep = Separation.of(List.of("a", "b"), Map.of("x", new double[] {1}, "y", new double[] {2}));
        ProbeSelector.Session s = ProbeSelector.session(probes("x", "y"), sep, 0.5, 1);
        assertThatThrownBy(() -> s.observe("z", Map.of("a", 1.0, "b", 0.0))).isInstanceOf(InvalidInputException.class).hasMessageContaining("probe z");
        assertThatThrownBy(() -> s.observe("x", Map.of("a", 1.0))).hasMessageContaining("no finite score for b");
        assertThatThrownBy(() -> s.observe("x", Map.of("a", 1.0, "b", 0.0, "c", 3.0))).hasMessageContaining("not candidates");
        s.observe("x", Map.of("a", 1.0, "b", 0.0));
        assertThat(s.posterior().get("a")).isCloseTo(Math.exp(2) / (1 + Math.exp(2)), org.assertj.core.data.Offset.offset(1e-12));
        assertThatThrownBy(() -> s.observe("x", Map.of("a", 1.0, "b", 0.0))).hasMessageContaining("answered already");
        assertThatThrownBy(() -> ProbeSelector.session(probes("x"), sep, 0, 1)).hasMessageContaining("temperature");
    }

    @Test
    void diversityPicksFarApartPrompts() {
        ProbeSet set = new ProbeSet(List.of(
                new Probe("t1", "Please book a table for two people at seven tonight."),
                new Probe("t2", "Please book a table for two people at eight tonight."),
                new Probe("t3", "Please book a table for three people at seven tonight."),
                new Probe("poem", "Translate this short poem about autumn leaves into French verse."),
                new Probe("peru", "What is the capital city of Peru, and how high is it?")));
        List<String> three = ProbeSelector.diversity(set, CONFIG, 3, 3).ids();
        assertThat(three).contains("poem", "peru");
        assertThat(three.stream().filter(id -> id.startsWith("t")).count()).isEqualTo(1);
        // the near-duplicates come last
        List<String> all = ProbeSelector.diversity(set, CONFIG, 5, 3).ids();
        assertThat(all.subList(0, 3)).containsExactlyInAnyOrderElementsOf(three);
    }

    @Test
    void randomIsSeededAndDependsOnlyOnTheIds() {
        ProbeSet set = probes("a", "b", "c", "d", "e", "f", "g", "h");
        ProbeSet reversed = new ProbeSet(set.probes().reversed());
        assertThat(ProbeSelector.random(set, 8, 9).ids()).isEqualTo(ProbeSelector.random(reversed, 8, 9).ids());
        assertThat(ProbeSelector.random(set, 8, 9).ids()).isNotEqualTo(ProbeSelector.random(set, 8, 10).ids());
        // a prefix: asking for fewer gives the first ones of the same order
        assertThat(ProbeSelector.random(set, 3, 9).ids()).isEqualTo(ProbeSelector.random(set, 8, 9).ids().subList(0, 3));
        // removing a probe keeps the others' order
        List<String> without = new ArrayList<>(ProbeSelector.random(set, 8, 9).ids());
        without.remove("c");
        assertThat(ProbeSelector.random(probes("a", "b", "d", "e", "f", "g", "h"), 7, 9).ids()).isEqualTo(without);
    }

    @Test
    void badSelectionsAreRefusedNamingTheProblem() {
        Separation sep = Separation.of(List.of("a", "b"), Map.of("x", new double[] {1}));
        assertThatThrownBy(() -> ProbeSelector.informationGain(probes("x", "y"), sep, 1, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("probe y has no separation");
        assertThatThrownBy(() -> ProbeSelector.random(probes("x"), 2, 1)).hasMessageContaining("count must be 1 to the 1 probes");
        assertThatThrownBy(() -> ProbeSelector.random(probes("x"), 0, 1)).hasMessageContaining("but was 0");
        assertThatThrownBy(() -> ProbeSelector.select(Strategy.UNCERTAINTY, probes("x"), sep, CONFIG, 1, 1)).hasMessageContaining("adaptive");
        assertThatThrownBy(() -> ProbeSelector.select(Strategy.INFORMATION_GAIN, probes("x"), null, CONFIG, 1, 1)).hasMessageContaining("references");
        assertThatThrownBy(() -> Separation.of(List.of("a", "b", "c"), Map.of("x", new double[] {1})))
                .hasMessageContaining("has 1 pair distances, 3 models have 3 pairs");
        assertThatThrownBy(() -> Separation.of(List.of("a"), Map.of("x", new double[0]))).hasMessageContaining("at least two candidate models");
        assertThatThrownBy(() -> Separation.of(List.of("a", "a"), Map.of("x", new double[] {1}))).hasMessageContaining("same model a");
        assertThatThrownBy(() -> Separation.of(List.of("a", "b"), Map.of("x", new double[] {Double.NaN}))).hasMessageContaining("pair distance NaN");
    }

    @Test
    void referencesUnderDifferentEncoderConfigurationsAreRefused() {
        Signature a = model("a", false, 2, 1);
        var other = new ResponseEncoder(new EncoderConfig(2048, "probes", 3, 1 << 20));
        Signature b = Signature.builder(other.config(), "b").add(other.encode(Response.ofText("b", "p1", "task p1", "hello there"))).build();
        assertThatThrownBy(() -> Separation.fromReferences(List.of(a, b), List.of("p1")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("encoder configurations differ (dimension 1024 vs 2048)");
        assertThatThrownBy(() -> Separation.fromReferences(List.of(a, a), List.of("p1"))).hasMessageContaining("same model a");
        assertThatThrownBy(() -> Separation.fromReferences(List.of(a, model("b", true, 2, 1)), List.of())).hasMessageContaining("at least one probe");
    }

    @Test
    void aTransferredSeparationFollowsTheMostSimilarKnownPrompts() {
        Separation known = Separation.of(List.of("a", "b"), Map.of(
                "k1", new double[] {2.0}, "k2", new double[] {0.0}));
        ProbeSet knownProbes = new ProbeSet(List.of(
                new Probe("k1", "Send the monthly rent payment to my landlord from the savings account."),
                new Probe("k2", "Summarise the unread messages in the general channel of the team workspace.")));
        ProbeSet target = new ProbeSet(List.of(
                new Probe("t1", "Send the quarterly rent payment to my landlord from the savings account."),
                new Probe("t2", "Summarise the unread messages in the random channel of the team workspace.")));
        Separation t = known.transfer(knownProbes, target, CONFIG, 1);
        assertThat(t.basis()).isEqualTo(Separation.Basis.TRANSFERRED);
        assertThat(t.distance("t1", "a", "b")).isEqualTo(2.0);
        assertThat(t.distance("t2", "a", "b")).isEqualTo(0.0);
        Separation both = known.transfer(knownProbes, target, CONFIG, 2);
        assertThat(both.distance("t1", "a", "b")).isBetween(1.0, 2.0);
        assertThat(both.distance("t2", "a", "b")).isBetween(0.0, 1.0);
        assertThat(ProbeSelector.informationGain(target, t, 1, 1).ids()).containsExactly("t1");
    }

    @Test
    void theCalibratedTemperatureRecoversTheOneThatGeneratedTheAnswers() {
        Random rng = new Random(11);
        double tau = 0.05;
        int rows = 4000;
        double[][] scores = new double[rows][5];
        int[] truth = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] p = new double[5];
            double z = 0;
            for (int j = 0; j < 5; j++) {
                scores[i][j] = rng.nextGaussian() * 0.1;
                z += p[j] = Math.exp(scores[i][j] / tau);
            }
            double u = rng.nextDouble() * z;
            int k = 0;
            while (k < 4 && (u -= p[k]) > 0) k++;
            truth[i] = k;
        }
        assertThat(ProbeSelector.calibrateTemperature(scores, truth)).isBetween(tau * 0.85, tau * 1.15);
        assertThatThrownBy(() -> ProbeSelector.calibrateTemperature(new double[][] {{1, 1}}, new int[] {0})).hasMessageContaining("do not vary");
        assertThatThrownBy(() -> ProbeSelector.calibrateTemperature(new double[][] {{1, 2}}, new int[] {2})).hasMessageContaining("out of range");
    }

    @Test
    void scoreMarginsRewardProbesWhoseAnswersLandOnTheirOwnSide() {
        // scores[a][b]: answer of model a scored for candidate b; models given as b, a (sorted internally)
        Map<String, double[][]> scores = Map.of(
                "clear", new double[][] {{1.0, 0.0}, {0.0, 1.0}},
                "faint", new double[][] {{0.6, 0.4}, {0.4, 0.6}},
                "wrong", new double[][] {{0.0, 1.0}, {1.0, 0.0}});
        Separation sep = Separation.fromScores(List.of("b", "a"), scores);
        assertThat(sep.basis()).isEqualTo(Separation.Basis.SCORE_MARGINS);
        assertThat(sep.distance("clear", "a", "b")).isGreaterThan(sep.distance("faint", "a", "b")).isGreaterThan(0);
        assertThat(sep.distance("wrong", "a", "b")).isZero();
        assertThat(ProbeSelector.informationGain(probes("clear", "faint", "wrong"), sep, 3, 1).ids()).containsExactly("clear", "faint", "wrong");
        assertThatThrownBy(() -> Separation.fromScores(List.of("a", "b"), Map.of("x", new double[][] {{1, 0}, {0, 1}})))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("two probes or more");
        assertThatThrownBy(() -> Separation.fromScores(List.of("a", "b"), Map.of("x", new double[][] {{1, 0}}, "y", new double[][] {{1, 0}, {0, 1}})))
                .hasMessageContaining("probe x scores 1 answers, expected 2");
    }
}
