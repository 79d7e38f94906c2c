package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A parsed run's rankings are in trec_eval's order (score descending, then docno descending) whatever the file order. */
class TopicRankingTest {
    record Line(String docno, double score) {}

    @Provide
    Arbitrary<List<Line>> lines() {
        Arbitrary<Double> score = Arbitraries.oneOf(Arbitraries.of(0.0, -0.0, 1.0, 2.5, 0.894427, -3.0),
                Arbitraries.doubles().between(-5, 5));
        Arbitrary<String> docno = Arbitraries.strings().withChars("AB-0129\u00e9").ofMinLength(1).ofMaxLength(5);
        return Arbitraries.integers().between(1, 60).flatMap(n -> docno.list().ofSize(n).uniqueElements()
                .flatMap(ds -> score.list().ofSize(ds.size()).map(ss -> {
                    List<Line> out = new ArrayList<>();
                    for (int i = 0; i < ds.size(); i++) {
                        out.add(new Line(ds.get(i), ss.get(i)));
                    }
                    return out;
                })));
    }

    private static final Comparator<Line> TREC_ORDER = (a, b) -> a.score > b.score ? -1 : a.score < b.score ? 1
            : b.docno.compareTo(a.docno);

    @Property(tries = 500)
    void shouldRankInTrecEvalOrderWhetherTheFileIsShuffledOrSortedByScoreOnly(@ForAll("lines") List<Line> lines,
                                                                              @ForAll boolean scoreSortedFile) {
        List<Line> file = new ArrayList<>(lines);
        if (scoreSortedFile) {
            file.sort((a, b) -> Double.compare(b.score, a.score)); // what run files look like: ties in any order
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < file.size(); i++) {
            text.append("7 Q0 ").append(file.get(i).docno).append(' ').append(i).append(' ')
                    .append(file.get(i).score).append(" r\n");
        }
        Run run = Run.read(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.ISO_8859_1)), "t");
        List<Line> expected = new ArrayList<>(lines);
        expected.sort(TREC_ORDER);
        TopicRanking ranking = run.ranking("7");
        Map<String, Double> scoreOf = new LinkedHashMap<>();
        for (Line l : lines) {
            scoreOf.put(l.docno, l.score);
        }
        assertThat(ranking.docnos()).containsExactly(expected.stream().map(Line::docno).toArray(String[]::new));
        for (int i = 0; i < ranking.size(); i++) {
            assertThat(Double.doubleToRawLongBits(ranking.score(i))).as(ranking.docno(i))
                    .isEqualTo(Double.doubleToRawLongBits(scoreOf.get(ranking.docno(i))));
        }
        assertThat(TopicRanking.of("7", lines.stream().map(Line::docno).toArray(String[]::new),
                lines.stream().mapToDouble(Line::score).toArray()).docnos()).containsExactly(ranking.docnos());
    }
}
