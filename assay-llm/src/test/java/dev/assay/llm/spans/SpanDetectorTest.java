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
        assertThat(p.softLabels().get(p.softLabels().size() - 1).end()).isEqualTo(38);
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
