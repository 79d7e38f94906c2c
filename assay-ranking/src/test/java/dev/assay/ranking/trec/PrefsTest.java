package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PrefsTest {
    static RelInfo read(String text, RelFormat format) {
        return RelInfo.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "p", format);
    }

    @Test
    void readsPrefsLinesPerTopic() {
        Prefs p = (Prefs) read("# A comment\nq2 u1 s1 d1 1\nq1 u1 s1 d#1 3.5\nq1 u2 s9 d2 0\n", RelFormat.PREFS);
        assertThat(p.format()).isEqualTo(RelFormat.PREFS);
        assertThat(p.topics()).containsExactly("q1", "q2");
        Prefs.Judgments j = p.judgments("q1");
        assertThat(j.size()).isEqualTo(2);
        assertThat(j.jg(1)).isEqualTo("u2");
        assertThat(j.jsg(1)).isEqualTo("s9");
        assertThat(j.docno(0)).isEqualTo("d#1");
        assertThat(j.level(0)).isEqualTo(3.5);
        assertThat(p.judgments("q9")).isNull();
    }

    @Test
    void readsQrelsAsPrefsWithOneSubGroup() {
        Prefs p = (Prefs) read("1 0 d1 1\n1 7 d2 2\n", RelFormat.QRELS_PREFS);
        assertThat(p.format()).isEqualTo(RelFormat.QRELS_PREFS);
        assertThat(p.judgments("1").jg(1)).isEqualTo("7");
        assertThat(p.judgments("1").jsg(1)).isEqualTo("0");
        assertThat(p.judgments("1").level(1)).isEqualTo(2.0);
    }

    @Test
    void rejectsMalformedLinesNamingFileAndLine() {
        assertThatThrownBy(() -> read("q1 u1 s1 d1 1\nq1 u1 d1 1\n", RelFormat.PREFS)).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("p:2: expected 5 fields");
        assertThatThrownBy(() -> read("q1 u1 s1 d1 1\n", RelFormat.QRELS_PREFS)).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("p:1: expected 4 fields");
        assertThatThrownBy(() -> read("q1 u1 s1 d1 nan\n", RelFormat.PREFS)).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("p:1: relevance level is not a finite number: nan");
        assertThatThrownBy(() -> read("\n", RelFormat.PREFS)).isInstanceOf(TrecFormatException.class).hasMessageContaining("empty");
    }

    @Test
    void formatsGoByTrecEvalsNames() {
        assertThat(RelFormat.of("qrels_prefs")).isEqualTo(RelFormat.QRELS_PREFS);
        assertThatThrownBy(() -> RelFormat.of("trec")).isInstanceOf(dev.assay.core.InvalidInputException.class)
                .hasMessageContaining("qrels, qrels_jg, prefs, qrels_prefs");
    }
}
