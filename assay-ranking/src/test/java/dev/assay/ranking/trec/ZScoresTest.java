package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ZScoresTest {
    static ZScores read(String text) {
        return ZScores.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "z");
    }

    @Test
    void convertsAsConvertZscoresDoes() {
        ZScores z = read("t1 map 0.5 0.25\nt1 num_ret 2 0\nt1 P_10 0 0\n");
        assertThat(z.convert("t1", "map", 1.0)).isEqualTo(2.0);
        assertThat(z.convert("t1", "num_ret", 2.0)).isZero();
        assertThat(z.convert("t1", "P_10", 0.5)).isEqualTo(ZScores.MISSING_VALUE);
        assertThat(z.convert("t1", "ndcg", 0.5)).isEqualTo(ZScores.MISSING_VALUE);
        assertThat(z.convert("t2", "map", 0.5)).isEqualTo(-1000000.0);
    }

    @Test
    void rejectsMalformedAndAmbiguousLines() {
        assertThatThrownBy(() -> read("t1 map 0.5\n")).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("z:1: expected 4 fields");
        assertThatThrownBy(() -> read("t1 map 0.5 x\n")).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("z:1: stddev is not a finite number");
        assertThatThrownBy(() -> read("t1 map 0.5 1\nt1 map 0.4 1\n")).isInstanceOf(TrecFormatException.class)
                .hasMessageStartingWith("z:2: measure map given twice for topic t1");
        assertThatThrownBy(() -> read("")).isInstanceOf(TrecFormatException.class).hasMessageContaining("empty");
    }
}
