package dev.assay.llm.mushroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MushroomTest {
    static final String LINE = "{\"id\": \"t-1\", \"lang\": \"EN\", \"model_input\": \"Who?\", \"model_output_text\": \"Bob won.\","
            + " \"model_id\": \"m\", \"model_output_tokens\": [\"Bob\", \"\\u0120won\", \".\"], \"model_output_logits\": [1.5, 2.0, 3.0],"
            + " \"extra\": {\"ignored\": true}}";

    @TempDir
    Path dir;

    @Test
    void readsRecordsWithoutLabelsAndIgnoresUnknownFields() throws IOException {
        Path f = Files.writeString(dir.resolve("t.jsonl"), LINE + "\n\n" + LINE.replace("t-1", "t-2") + "\n");
        List<MushroomRecord> rs = Mushroom.read(f);
        assertThat(rs).extracting(MushroomRecord::id).containsExactly("t-1", "t-2");
        MushroomRecord r = rs.get(0);
        assertThat(r.labelled()).isFalse();
        assertThat(r.tokens()).containsExactly("Bob", "\u0120won", ".");
        assertThat(r.logits()).containsExactly(1.5, 2.0, 3.0);
        assertThat(r.where()).endsWith("t.jsonl:1");
        assertThat(rs.get(1).where()).endsWith("t.jsonl:3");
    }

    @Test
    void aByteOrderMarkAtTheStartOfTheFile_isSkipped_butNotElsewhere() throws IOException {
        Path f = Files.writeString(dir.resolve("bom.jsonl"), "\uFEFF" + LINE + "\n" + LINE.replace("t-1", "t-2") + "\n");
        assertThat(Files.readAllBytes(f)).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(Mushroom.read(f)).extracting(MushroomRecord::id).containsExactly("t-1", "t-2");
        Path g = Files.writeString(dir.resolve("bom2.jsonl"), LINE + "\n\uFEFF" + LINE + "\n");
        assertThatThrownBy(() -> Mushroom.read(g)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(g + ":2: not valid JSON");
    }

    @Test
    void readsLabelsInCodePoints() {
        String line = LINE.replace("\"extra\"", "\"hard_labels\": [[0, 3]], \"soft_labels\": [{\"start\": 0, \"end\": 3, \"prob\": 0.6}], \"extra\"")
                .replace("Bob won.", "\uD83D\uDE00b won.");
        MushroomRecord r = Mushroom.parse(line, "x:1");
        assertThat(r.labelled()).isTrue();
        assertThat(r.length()).isEqualTo(7);
        assertThat(r.hardLabels()).containsExactly(new Span(0, 3));
        assertThat(r.softLabels()).containsExactly(new SoftSpan(0, 3, 0.6));
    }

    @Test
    void aBadLineIsRefusedWithItsFileAndLine() throws IOException {
        Path f = Files.writeString(dir.resolve("bad.jsonl"), LINE + "\n" + LINE.replace("\"model_output_logits\": [1.5, 2.0, 3.0]", "\"model_output_logits\": \"x\"") + "\n");
        assertThatThrownBy(() -> Mushroom.read(f)).isInstanceOf(InvalidInputException.class)
                .hasMessage(f + ":2: field model_output_logits must be an array of numbers");
        Path g = Files.writeString(dir.resolve("span.jsonl"), LINE.replace("\"extra\"", "\"hard_labels\": [[0, 30]], \"extra\"") + "\n");
        assertThatThrownBy(() -> Mushroom.read(g)).isInstanceOf(InvalidInputException.class).hasMessageContaining("span.jsonl:1: hard_labels end 30");
        Path e = Files.writeString(dir.resolve("empty.jsonl"), "");
        assertThatThrownBy(() -> Mushroom.read(e)).isInstanceOf(InvalidInputException.class).hasMessage(e + " holds no Mu-SHROOM record");
        Path j = Files.writeString(dir.resolve("json.jsonl"), "{\"id\": \n");
        assertThatThrownBy(() -> Mushroom.read(j)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith(j + ":1: not valid JSON");
    }

    @Test
    void iouFollowsTheScorer() {
        assertThat(Mushroom.iou(List.of(), List.of())).isEqualTo(1.0);
        assertThat(Mushroom.iou(List.of(new Span(0, 4)), List.of())).isEqualTo(0.0);
        assertThat(Mushroom.iou(List.of(new Span(0, 4)), List.of(new Span(2, 6)))).isEqualTo(2.0 / 6);
        assertThat(Mushroom.iou(List.of(new Span(0, 4), new Span(2, 5)), List.of(new Span(0, 5)))).isEqualTo(1.0);
    }

    @Test
    void correlationFollowsTheScorerIncludingConstantVectors() {
        List<SoftSpan> ref = List.of(new SoftSpan(0, 2, 0.5), new SoftSpan(2, 4, 1.0));
        // both constant: 1; one constant: 0
        assertThat(Mushroom.correlation(List.of(), List.of(), 5)).isEqualTo(1.0);
        assertThat(Mushroom.correlation(ref, List.of(), 5)).isEqualTo(0.0);
        assertThat(Mushroom.correlation(List.of(), ref, 5)).isEqualTo(0.0);
        assertThat(Mushroom.correlation(ref, List.of(new SoftSpan(0, 5, 0.7)), 5)).isEqualTo(0.0);
        assertThat(Mushroom.correlation(ref, ref, 5)).isCloseTo(1.0, within(1e-12));
        // scipy.stats.spearmanr([0.5, 0.5, 1, 1, 0], [0.1, 0.3, 0.2, 0.9, 0]).correlation = 0.7378647873726218
        List<SoftSpan> pred = List.of(new SoftSpan(0, 1, 0.1), new SoftSpan(1, 2, 0.3), new SoftSpan(2, 3, 0.2), new SoftSpan(3, 4, 0.9));
        assertThat(Mushroom.correlation(ref, pred, 5)).isCloseTo(0.7378647873726218, within(1e-12));
    }
}
