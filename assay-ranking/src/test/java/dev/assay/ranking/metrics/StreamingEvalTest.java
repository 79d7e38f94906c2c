package dev.assay.ranking.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.ranking.trec.Qrels;
import dev.assay.ranking.trec.Run;
import dev.assay.ranking.trec.TopicRanking;
import dev.assay.ranking.trec.TrecFormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evaluating a run file as a stream, topic by topic, gives exactly what evaluating it read whole gives. */
class StreamingEvalTest {
    @TempDir
    Path dir;

    static final List<Measure> ALL = Measures.parseAll(List.of("all_trec"));

    /** Qrels and a run of {@code topics} topics x {@code depth} documents (several MiB: many chunks), seeded. */
    Path[] files(int topics, int depth, boolean gzip, boolean grouped) throws IOException {
        Random rnd = new Random(7);
        StringBuilder q = new StringBuilder();
        List<String> lines = new ArrayList<>();
        for (int t = 0; t < topics; t++) {
            for (int d = 0; d < depth; d += 3) {
                q.append("t").append(t).append(" 0 doc-").append(d).append(' ').append(rnd.nextInt(4) - 1).append('\n');
            }
            for (int d = 0; d < depth; d++) {
                lines.add("t" + t + " Q0 doc-" + d + " " + (d + 1) + " " + (rnd.nextInt(50) / 10.0) + " runX\n");
            }
        }
        if (!grouped) {
            java.util.Collections.shuffle(lines, rnd);
        }
        Path qrels = Files.writeString(dir.resolve("qrels"), q);
        Path run = dir.resolve(gzip ? "run.gz" : "run");
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(run)) : Files.newOutputStream(run)) {
            for (String l : lines) {
                out.write(l.getBytes(StandardCharsets.UTF_8));
            }
        }
        return new Path[] {qrels, run};
    }

    @Test
    void aStreamedRunOfManyChunksPrintsWhatTheWholeRunPrints() throws IOException {
        for (boolean gzip : new boolean[] {false, true}) {
            Path[] f = files(60, 2_000, gzip, true);
            assertThat(Files.size(f[1])).isGreaterThan(gzip ? 1 : 3L << 20);
            Qrels qrels = Qrels.read(f[0]);
            for (EvalOptions o : List.of(EvalOptions.defaults(), new EvalOptions(2, TopicScope.ALL_QRELS, true, 500, 0))) {
                String streamed = TrecEval.evaluate(qrels, f[1], ALL, o).trecEvalText(true);
                String whole = TrecEval.evaluate(qrels, Run.read(f[1]), ALL, o).trecEvalText(true);
                assertThat(streamed).isEqualTo(whole).contains("runid                 \tall\trunX");
            }
        }
    }

    @Test
    void aRunWhoseTopicsComeBackIsReadWholeAndStillExact() throws IOException {
        Path[] f = files(20, 300, false, false);
        Qrels qrels = Qrels.read(f[0]);
        List<String> seen = new ArrayList<>();
        assertThat(Run.forEachTopic(f[1], r -> seen.add(r.topic()))).as("not streamable").isNull();
        assertThat(TrecEval.evaluate(qrels, f[1], ALL, EvalOptions.defaults()).trecEvalText(true))
                .isEqualTo(TrecEval.evaluate(qrels, Run.read(f[1]), ALL, EvalOptions.defaults()).trecEvalText(true));
    }

    @Test
    void topicsArriveOneAtATimeInFileOrder_andALineLongerThanAChunkIsRead() throws IOException {
        String longDocno = "d".repeat(3 << 20);
        Path run = Files.writeString(dir.resolve("long"), "b Q0 x 1 2 r\nb Q0 y 2 1 r\na Q0 " + longDocno + " 1 1 r\na Q0 z 2 3 rid\n");
        List<TopicRanking> got = new ArrayList<>();
        assertThat(Run.forEachTopic(run, got::add)).isEqualTo("rid");
        assertThat(got).extracting(TopicRanking::topic).containsExactly("b", "a");
        assertThat(got.get(1).docno(0)).isEqualTo("z");
        assertThat(got.get(1).docno(1)).hasSize(3 << 20);
    }

    @Test
    void errorsAfterTheFirstChunkNameTheirLine() throws IOException {
        StringBuilder text = new StringBuilder();
        int n = 60_000;
        for (int i = 0; i < n; i++) {
            text.append("t Q0 doc").append(i).append(' ').append(i + 1).append(" 1.5 r\n");
        }
        text.append("t Q0 bad ").append(n + 1).append(" NaN r\n");
        Path run = Files.writeString(dir.resolve("bad"), text);
        assertThat(Files.size(run)).as("beyond the reader's first 1 MiB chunk").isGreaterThan(1 << 20);
        assertThatThrownBy(() -> Run.forEachTopic(run, r -> { }))
                .isInstanceOf(TrecFormatException.class).hasMessageContaining(":" + (n + 1)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Run.forEachTopic(dir.resolve("absent"), r -> { }))
                .isInstanceOf(TrecFormatException.class).hasMessageContaining("file not found");
        Path empty = Files.writeString(dir.resolve("empty"), "\n# nothing\n");
        assertThatThrownBy(() -> Run.forEachTopic(empty, r -> { })).hasMessageContaining("empty run");
    }
}
