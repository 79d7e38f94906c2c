package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class QrelsJgTest {
    static QrelsJg read(String text) {
        return QrelsJg.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "jg");
    }

    @Test
    void groupsJudgmentsByTopicAndGroupInTrecEvalsOrder() {
        QrelsJg q = read("t2 bob d1 1\n# comment\nt1 bob d1 0\nt1 alice d1 2\nt1 alice d#2 -1\nt1 bob d3 1\n");
        assertThat(q.format()).isEqualTo(RelFormat.QRELS_JG);
        assertThat(q.topics()).containsExactly("t1", "t2");
        assertThat(q.groupIds("t1")).containsExactly("alice", "bob");
        Qrels alice = q.groups("t1").get(0);
        assertThat(alice.level("t1", "d1")).isEqualTo(2);
        assertThat(alice.level("t1", "d#2")).isEqualTo(Qrels.UNJUDGED);
        assertThat(alice.level("t1", "d3")).isEqualTo(Qrels.NOT_IN_POOL);
        assertThat(q.groups("t1").get(1).relevantCount("t1", 1)).isEqualTo(1);
        assertThat(q.groups("t9")).isEmpty();
    }

    @Test
    void rejectsWhatTrecEvalRejectsAndBadNumbersNamingFileAndLine() {
        assertThatThrownBy(() -> read("t1 a d1 1\nt1 a d2\n")).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("jg:2: expected 4 fields");
        assertThatThrownBy(() -> read("t1 a d1 1\nt1 b d1 1\nt1 a d1 0\n")).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("jg:3: duplicate docno d1 for topic t1 in judgment group a");
        assertThatThrownBy(() -> read("t1 a d1 x\n")).isInstanceOf(TrecFormatException.class)
                .hasMessageContaining("jg:1: relevance is not an integer");
        assertThatThrownBy(() -> read("# only a comment\n")).isInstanceOf(TrecFormatException.class).hasMessageContaining("empty");
    }
}
