package dev.assay.fingerprint.encode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.TokenLogprob;
import dev.assay.fingerprint.response.TokenLogprob.Alternative;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogprobSymbolsTest {
    static final ResponseEncoder ENCODER = new ResponseEncoder(new EncoderConfig(2048, "lp", 3, 1 << 20));

    static List<String> symbols(List<TokenLogprob> tokens) {
        List<String> out = new ArrayList<>();
        LogprobSymbols.forEach(tokens, out::add);
        return out;
    }

    @Test
    void bucketsAreFloorsClampedToTheirRange() {
        assertThat(LogprobSymbols.bucket(0, 0.5, 20)).isZero();
        assertThat(LogprobSymbols.bucket(0.49, 0.5, 20)).isZero();
        assertThat(LogprobSymbols.bucket(0.5, 0.5, 20)).isEqualTo(1);
        assertThat(LogprobSymbols.bucket(37, 0.5, 20)).isEqualTo(20);
        assertThat(LogprobSymbols.bucket(Double.POSITIVE_INFINITY, 0.5, 20)).isEqualTo(20);
    }

    @Test
    void entropyCountsTheTailMassAsOneMoreOutcome() {
        double q = Math.log(0.25);
        List<Alternative> four = List.of(new Alternative("a", q), new Alternative("b", q), new Alternative("c", q), new Alternative("d", q));
        assertThat(LogprobSymbols.entropy(four)).isCloseTo(Math.log(4), within(1e-12));
        // p = 0.5 and a tail of 0.5: ln 2
        assertThat(LogprobSymbols.entropy(List.of(new Alternative("a", Math.log(0.5))))).isCloseTo(Math.log(2), within(1e-12));
        // rounding above 1 is renormalised: two tokens of 0.6 are two halves
        assertThat(LogprobSymbols.entropy(List.of(new Alternative("a", Math.log(0.6)), new Alternative("b", Math.log(0.6)))))
                .isCloseTo(Math.log(2), within(1e-12));
    }

    @Test
    void theDoublingScaleStartsAtOneHundredthOfANat() {
        assertThat(LogprobSymbols.doubling(0)).isZero();
        assertThat(LogprobSymbols.doubling(0.0099)).isZero();
        assertThat(LogprobSymbols.doubling(0.01)).isEqualTo(1);
        assertThat(LogprobSymbols.doubling(0.03)).isEqualTo(2);
        assertThat(LogprobSymbols.doubling(0.04)).isEqualTo(3);
        assertThat(LogprobSymbols.doubling(1.4)).isEqualTo(8);
        assertThat(LogprobSymbols.doubling(10.24)).isEqualTo(11);
        assertThat(LogprobSymbols.doubling(500)).isEqualTo(11);
        assertThat(LogprobSymbols.doubling(Double.POSITIVE_INFINITY)).isEqualTo(11);
    }

    @Test
    void aPositionGivesItsThermometerCodedSurprisalAndEntropyRankGapAndPairs() {
        // chosen " there" (-1.4: surprisal bucket 8) ranks second behind "!" (-0.4); gap 1.0 (bucket 2)
        TokenLogprob t = new TokenLogprob(" there", -1.4, List.of(new Alternative(" there", -1.4), new Alternative("!", -0.4)));
        int hb = LogprobSymbols.doubling(LogprobSymbols.entropy(t.top()));
        List<String> expected = new ArrayList<>();
        for (int k = 1; k <= 8; k++) expected.add("lp.s>=" + k);
        expected.addAll(List.of("lp.ss:^>8", "lp.r:1"));
        for (int k = 1; k <= hb; k++) expected.add("lp.h>=" + k);
        expected.addAll(List.of("lp.g:2", "lp.sr:8/1", "lp.hg:" + hb + "/2"));
        assertThat(symbols(List.of(t))).containsExactlyElementsOf(expected);
        // a token not among the alternatives ranks 5; one alternative has no gap; no alternatives: surprisal only
        List<String> two = symbols(List.of(new TokenLogprob("x", -0.015, List.of(new Alternative("y", -0.001))),
                new TokenLogprob("z", -0.001, List.of())));
        int hy = LogprobSymbols.doubling(LogprobSymbols.entropy(List.of(new Alternative("y", -0.001))));
        List<String> expectedTwo = new ArrayList<>(List.of("lp.s>=1", "lp.ss:^>1", "lp.r:5"));
        for (int k = 1; k <= hy; k++) expectedTwo.add("lp.h>=" + k);
        expectedTwo.addAll(List.of("lp.g:-", "lp.sr:1/5", "lp.hg:" + hy + "/-", "lp.ss:1>0"));
        assertThat(two).containsExactlyElementsOf(expectedTwo);
    }

    @Test
    void theEncoderGivesAProfileOnlyToResponsesWithTokens() {
        Response plain = Response.ofText("m", "p", null, "Hello there.");
        assertThat(ENCODER.encode(plain).logprob()).isNull();
        assertThat(ENCODER.encode(new Response("m", "p", null, "Hello there.", List.of(), null, List.of())).logprob()).isNull();
        List<TokenLogprob> confident = List.of(new TokenLogprob("Hello", -0.01, List.of()), new TokenLogprob(" there", -0.02, List.of()));
        List<TokenLogprob> unsure = List.of(new TokenLogprob("Hello", -2.1, List.of()), new TokenLogprob(" there", -3.3, List.of()));
        Hypervector a = ENCODER.encode(new Response("m", "p", null, "Hello there.", List.of(), null, confident)).logprob();
        Hypervector b = ENCODER.encode(new Response("m", "p", null, "Hello there.", List.of(), null, unsure)).logprob();
        assertThat(a).isEqualTo(ENCODER.encode(new Response("m", "q", null, "Other words", List.of(), null, confident)).logprob());
        assertThat(a.similarity(b)).isLessThan(0.75);
        assertThat(ENCODER.encode(new Response("m", "p", null, "Hello there.", List.of(), null, unsure)).text())
                .isEqualTo(ENCODER.encode(plain).text());
    }
}
