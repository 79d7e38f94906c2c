package dev.assay.llm.spans;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.llm.mushroom.Mushroom;
import dev.assay.llm.mushroom.MushroomRecord;
import dev.assay.llm.mushroom.SoftSpan;
import dev.assay.llm.mushroom.Span;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpanDetectorTest {
    static MushroomRecord record(String id, String text, List<String> tokens, double[] logits, List<Span> hard) {
        List<SoftSpan> soft = hard.stream().map(s -> new SoftSpan(s.start(), s.end(), 0.8)).toList();
        return new MushroomRecord(id, "EN", "Who won?", text, "m", tokens, logits, soft, hard, true, "t:" + id);
    }

    static final MushroomRecord ONE = record("a", "Petra van Stoveren won silver in 2008.",
            List.of("Pet", "ra", "\u0120van", "\u0120Sto", "ve", "ren", "\u0120won", "\u0120silver", "\u0120in", "\u0120", "200", "8", ".", "<|endoftext|>"),
            new double[] {-2, -1, -0.5, -6, -3, -1, -0.5, -5, -0.2, -0.1, -4, -3, -0.1, -0.2}, List.of(new Span(23, 29), new Span(33, 37)));

    @Test
    void hardSpansCoverWholeWordsAndSoftSpansTheText() {
        Prediction p = SpanDetector.scoreOnly().predict(ONE);
        assertThat(p.id()).isEqualTo("a");
        assertThat(p.length()).isEqualTo(38);
        assertThat(p.alignedChars()).isEqualTo(38);
        // the surprising words: Stoveren, silver, 2008
        assertThat(p.hardLabels()).contains(new Span(10, 18), new Span(23, 29), new Span(33, 37));
        assertThat(p.softLabels()).allSatisfy(s -> assertThat(s.prob()).isBetween(0.0, 1.0));
        assertThat(p.softLabels().get(0).start()).isZero();
        // the closing '.' is outside every word: it takes the lower of its neighbours, and past the last word that is 0
        assertThat(p.softLabels().get(p.softLabels().size() - 1).end()).isEqualTo(37);
        assertThat(p.hardLabels()).allSatisfy(s -> assertThat(s.end()).isLessThanOrEqualTo(37));
    }

    @Test
    void aWordTakesItsHighestTokenAndNumbersAndHyphenatedWordsAreOneWord() {
        int[] t = "won 1.5 million third-largest".codePoints().toArray();
        double[] p = new double[t.length];
        p[4] = 0.9; // "1" of "1.5"
        p[10] = 0.7; // "l" of "million"
        p[20] = 0.6; // "d" of "third-largest"
        SpanDetector.words(t, p);
        for (int k = 4; k < 7; k++) assertThat(p[k]).isEqualTo(0.9);
        for (int k = 8; k < 15; k++) assertThat(p[k]).isEqualTo(0.7);
        for (int k = 16; k < t.length; k++) assertThat(p[k]).isEqualTo(0.6);
        assertThat(p[0]).isZero();
    }

    @Test
    void aRunOfCapitalisedWordsIsOneName() {
        int[] t = "by John Latham in Rome".codePoints().toArray();
        double[] p = new double[t.length];
        java.util.Arrays.fill(p, 7, 13, 0.8); // "Latham"
        SpanDetector.names(t, p);
        for (int k = 3; k < 13; k++) assertThat(p[k]).isEqualTo(0.8);
        assertThat(p[14]).isZero(); // "in" is not part of the name
        assertThat(p[18]).isZero(); // "Rome" stands alone
    }

    @Test
    void spacesAndPunctuationTakeTheLowerNeighbourAndHardSpansEndOnWords() {
        int[] t = " silver, 2008. ".codePoints().toArray();
        double[] p = new double[t.length];
        java.util.Arrays.fill(p, 0.9);
        p[9] = 0.6; // "2008"
        p[10] = 0.6;
        p[11] = 0.6;
        p[12] = 0.6;
        SpanDetector.between(t, p);
        assertThat(p[0]).isZero(); // before the first word
        assertThat(p[7]).isEqualTo(0.6); // ',' between silver (0.9) and 2008 (0.6)
        assertThat(p[13]).isZero(); // '.' after the last word
        assertThat(SpanDetector.hard(p, t, 0.5)).containsExactly(new Span(1, 13));
        double[] q = new double[t.length];
        java.util.Arrays.fill(q, 0.9);
        assertThat(SpanDetector.hard(q, t, 0.5)).containsExactly(new Span(1, 13));
    }

    @Test
    void hanTextKeepsItsTokensAndPunctuation() {
        int[] t = "北京，中国".codePoints().toArray();
        double[] p = {0.2, 0.9, 0.7, 0.4, 0.3};
        double[] before = p.clone();
        SpanDetector.words(t, p);
        SpanDetector.between(t, p);
        assertThat(p).containsExactly(before);
    }

    @Test
    void moreScoresThanTokensOrFewerIsNotAnError() {
        MushroomRecord fewer = new MushroomRecord("b", "EN", "", "Bob won.", "m", List.of("Bob", "\u0120won", "."), new double[] {3.0}, List.of(),
                List.of(), false, "t:b");
        MushroomRecord more = new MushroomRecord("c", "EN", "", "Bob won.", "m", List.of("Bob"), new double[] {3.0, 1, 2, 4}, List.of(), List.of(),
                false, "t:c");
        assertThat(SpanDetector.scoreOnly().predict(fewer).length()).isEqualTo(8);
        assertThat(SpanDetector.shipped().predict(more).alignedChars()).isEqualTo(3);
    }

    @Test
    void trainingIsDeterministicAndRoundTripsThroughJson() {
        List<MushroomRecord> rs = new ArrayList<>();
        for (int i = 0; i < 12; i++) rs.add(record("r" + i, ONE.text(), ONE.tokens(), ONE.logits(), ONE.hardLabels()));
        SpanDetector d = SpanDetector.train(rs);
        String json = d.toJson("test");
        assertThat(SpanDetector.train(rs).toJson("test")).isEqualTo(json);
        SpanDetector back = SpanDetector.parse(json, "x");
        assertThat(back.predict(ONE)).isEqualTo(d.predict(ONE));
        assertThat(Mushroom.iou(ONE.hardLabels(), d.predict(ONE).hardLabels())).isGreaterThan(0.5);
    }

    @Test
    void theShippedModelLoads() {
        SpanDetector d = SpanDetector.shipped();
        assertThat(d.threshold()).isBetween(0.0, 1.0);
        assertThat(d.predict(ONE).softLabels()).isNotEmpty();
    }
}
