package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrecIoTest {
    @TempDir
    Path dir;

    static Run run(String text) {
        return Run.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "run.txt");
    }

    static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void shouldDetectGzipByMagicBytesNotExtension() throws IOException {
        String text = "1 Q0 d1 1 2.5 sys\n1 Q0 d2 2 1.5 sys\n";
        Path misnamedGzip = dir.resolve("run.txt");
        Files.write(misnamedGzip, gzip(text));
        Path misnamedPlain = dir.resolve("run.gz");
        Files.writeString(misnamedPlain, text);
        for (Path p : new Path[] {misnamedGzip, misnamedPlain}) {
            Run r = Run.read(p);
            assertThat(r.runId()).isEqualTo("sys");
            assertThat(r.ranking("1").docnos()).containsExactly("d1", "d2");
        }
    }

    @Test
    void shouldRejectTruncatedGzipNamingTheFile() throws IOException {
        byte[] full = gzip("1 Q0 d1 1 2.5 sys\n".repeat(2000));
        Path truncated = dir.resolve("cut.gz");
        Files.write(truncated, Arrays.copyOf(full, full.length / 2));
        assertThatThrownBy(() -> Run.read(truncated)).isInstanceOf(TrecFormatException.class)
                .hasMessageContaining("cut.gz").hasMessageContaining("truncated gzip");
    }

    @Test
    void shouldRejectWrongColumnCountWithFileAndLine() {
        assertThatThrownBy(() -> run("1 Q0 d1 1 2.5 sys\n1 Q0 d2 2 1.5\n"))
                .isInstanceOf(TrecFormatException.class).hasMessageStartingWith("run.txt:2: expected 6 fields")
                .satisfies(e -> assertThat(((TrecFormatException) e).line()).isEqualTo(2));
    }

    @Test
    void shouldRejectNonNumericAndNonFiniteScores() {
        for (String score : new String[] {"abc", "NaN", "nan", "inf", "Infinity", "-Infinity", "1e400", "0x1p3", "1.0f", "--1", "1e", "."}) {
            assertThatThrownBy(() -> run("1 Q0 d1 1 " + score + " sys\n"))
                    .as(score).isInstanceOf(TrecFormatException.class).hasMessageContaining("run.txt:1: score is not a finite number");
        }
    }

    @Test
    void shouldRejectDuplicateDocnoWithinATopicButNotAcrossTopics() {
        assertThatThrownBy(() -> run("1 Q0 d1 1 2.5 sys\n2 Q0 d1 1 2.5 sys\n1 Q0 d1 2 1.5 sys\n"))
                .isInstanceOf(TrecFormatException.class).hasMessageContaining("run.txt:3: duplicate docno d1 in topic 1 (first on line 1)");
    }

    @Test
    void shouldMergeATopicWhoseLinesAreSplitAcrossTheFile() {
        Run r = run("1 Q0 a 1 3 s\n1 Q0 b 2 2 s\n2 Q0 x 1 9 s\n1 Q0 c 3 2.5 s\n2 Q0 y 2 8 s\n3 Q0 a 1 1 s\n1 Q0 d 4 0.5 s\n");
        assertThat(r.topics()).containsExactly("1", "2", "3");
        assertThat(r.ranking("1").docnos()).containsExactly("a", "c", "b", "d");
        assertThat(r.ranking("1").scores()).containsExactly(3.0, 2.5, 2.0, 0.5);
        assertThat(r.ranking("2").docnos()).containsExactly("x", "y");
        assertThat(r.size()).isEqualTo(7);
        assertThatThrownBy(() -> run("1 Q0 a 1 3 s\n2 Q0 a 1 3 s\n1 Q0 b 2 2 s\n2 Q0 b 2 2 s\n1 Q0 b 3 1 s\n"))
                .isInstanceOf(TrecFormatException.class).hasMessageContaining("run.txt:5: duplicate docno b in topic 1 (first on line 3)");
    }

    @Test
    void shouldRejectEmptyRunsAndQrels() {
        assertThatThrownBy(() -> run("\n# only a comment\n   \n")).isInstanceOf(TrecFormatException.class).hasMessageContaining("empty run");
        assertThatThrownBy(() -> Qrels.read(new ByteArrayInputStream(new byte[0]), "q")).isInstanceOf(TrecFormatException.class)
                .hasMessageContaining("empty qrels");
    }

    @Test
    void shouldAcceptWhatTrecEvalAccepts() {
        Run r = run("# comment\n\n1\tQ0  d2 9 -1.5e0 a extra junk\r\n1 Q0 d1 1 .5 b\n2 Q0 x 1 +3 last");
        assertThat(r.runId()).isEqualTo("last");
        assertThat(r.topics()).containsExactly("1", "2");
        assertThat(r.ranking("1").docnos()).containsExactly("d1", "d2");
        assertThat(r.ranking("1").scores()).containsExactly(0.5, -1.5);
        assertThat(r.textBytes()).isPositive();
    }

    static Qrels qrels(String text) {
        return Qrels.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "q");
    }

    @Test
    void commentsAreTrecEvalsForEachFile() {
        // qrels (get_qrels.c): '#' in the first column only, however many such lines in a row; '#' elsewhere is text
        Qrels q = qrels("# comment here\n1 0 d1 1\n# and here\n# and here 0\n1 0 CR#93 0\n");
        assertThat(q.topics()).containsExactly("1");
        assertThat(q.level("1", "CR#93")).isZero();
        assertThat(q.relevantCount("1", 1)).isEqualTo(1);
        // " # ..." is a line of fields there: topic "#"
        assertThat(qrels("1 0 d1 1\n  # x d9 2\n").level("#", "d9")).isEqualTo(2);
        assertThatThrownBy(() -> qrels("1 0 d1 1\n  # a comment\n")).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("q:2: expected 4 fields");
        // runs (get_trec_results.c): the first non-blank byte
        Run r = run("  # indented comment\n1 Q0 d#1 1 2 sys\n\t# another\n");
        assertThat(r.ranking("1").docnos()).containsExactly("d#1");
    }

    @Test
    void shouldRejectMalformedQrels() {
        assertThatThrownBy(() -> Qrels.read(new ByteArrayInputStream("1 0 d1 1\n1 0 d2\n".getBytes(StandardCharsets.UTF_8)), "q"))
                .isInstanceOf(TrecFormatException.class).hasMessageStartingWith("q:2: expected 4 fields");
        assertThatThrownBy(() -> Qrels.read(new ByteArrayInputStream("1 0 d1 x\n".getBytes(StandardCharsets.UTF_8)), "q"))
                .isInstanceOf(TrecFormatException.class).hasMessageContaining("q:1: relevance is not an integer");
        assertThatThrownBy(() -> Qrels.read(new ByteArrayInputStream("1 0 d1 1\n1 0 d1 0\n".getBytes(StandardCharsets.UTF_8)), "q"))
                .isInstanceOf(TrecFormatException.class).hasMessageContaining("q:2: duplicate docno d1");
    }

    @Test
    void shouldReportMissingFileAsInvalidInput() {
        assertThatThrownBy(() -> Qrels.read(dir.resolve("nope"))).isInstanceOf(TrecFormatException.class)
                .hasMessageContaining("file not found");
    }

    @Test
    void shouldSortByScoreThenDocnoDescendingWhateverTheFileOrder() {
        TopicRanking r = TopicRanking.of("t", new String[] {"a", "c", "b", "z"}, new double[] {1, 1, 2, -0.0});
        assertThat(r.docnos()).containsExactly("b", "c", "a", "z");
    }

    @Test
    void sameRankings_ignoresTheRunIdButNotOneScoreOrOrder() {
        Run a = run("1 Q0 d1 1 2.0 a\n1 Q0 d2 2 1.0 a\n2 Q0 d3 1 5.0 a\n");
        assertThat(a.sameRankings(run("1 Q0 d1 1 2.0 copy\n1 Q0 d2 2 1.0 copy\n2 Q0 d3 1 5.0 copy\n"))).isTrue();
        assertThat(a.sameRankings(run("1 Q0 d1 1 2.0 a\n1 Q0 d2 2 1.5 a\n2 Q0 d3 1 5.0 a\n"))).isFalse();
        assertThat(a.sameRankings(run("1 Q0 d2 1 2.0 a\n1 Q0 d1 2 1.0 a\n2 Q0 d3 1 5.0 a\n"))).isFalse();
        assertThat(a.sameRankings(run("1 Q0 d1 1 2.0 a\n1 Q0 d2 2 1.0 a\n"))).isFalse();
    }
}
