package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;

/** The parsers may only ever throw {@link TrecFormatException}, whatever the bytes; the score reader is strtod-exact. */
class TrecParserFuzzTest {

    @Provide
    Arbitrary<byte[]> runLikeBytes() {
        Arbitrary<String> field = Arbitraries.oneOf(
                Arbitraries.strings().withChars("0123456789.eE+-").ofMinLength(0).ofMaxLength(8),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("Q0", "NaN", "inf", "#", "1.0", "\u00e9", "\t", " "));
        Arbitrary<String> line = field.list().ofMinSize(0).ofMaxSize(8).map(fs -> String.join(" ", fs));
        Arbitrary<byte[]> text = line.list().ofMaxSize(12).map(ls -> String.join("\n", ls).getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> raw = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<byte[]> gzipPrefixed = raw.map(b -> {
            byte[] out = new byte[b.length + 2];
            out[0] = 0x1f;
            out[1] = (byte) 0x8b;
            System.arraycopy(b, 0, out, 2, b.length);
            return out;
        });
        return Arbitraries.oneOf(text, raw, gzipPrefixed);
    }

    @Property(tries = 400)
    void runParserThrowsOnlyTrecFormatException(@ForAll("runLikeBytes") byte[] input) {
        try {
            Run r = Run.read(new ByteArrayInputStream(input), "fuzz");
            for (String t : r.topics()) {
                TopicRanking tr = r.ranking(t);
                for (int i = 1; i < tr.size(); i++) {
                    assertThat(tr.score(i - 1)).isGreaterThanOrEqualTo(tr.score(i));
                }
            }
        } catch (TrecFormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz");
        }
    }

    @Property(tries = 400)
    void qrelsParserThrowsOnlyTrecFormatException(@ForAll("runLikeBytes") byte[] input) {
        try {
            Qrels q = Qrels.read(new ByteArrayInputStream(input), "fuzz");
            assertThat(q.topics()).isNotEmpty();
        } catch (TrecFormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz");
        }
    }

    @Property(tries = 400)
    void otherRelevanceAndZScoreParsersThrowOnlyTrecFormatException(@ForAll("runLikeBytes") byte[] input) {
        for (RelFormat f : RelFormat.values()) {
            try {
                assertThat(RelInfo.read(new ByteArrayInputStream(input), "fuzz", f).topics()).isNotEmpty();
            } catch (TrecFormatException expected) {
                assertThat(expected.getMessage()).startsWith("fuzz");
            }
        }
        try {
            ZScores.read(new ByteArrayInputStream(input), "fuzz");
        } catch (TrecFormatException expected) {
            assertThat(expected.getMessage()).startsWith("fuzz");
        }
    }

    @Property(tries = 2000)
    void scoreReaderMatchesCorrectlyRoundedParsing(@ForAll @DoubleRange(min = -1e6, max = 1e6) double v,
                                                   @ForAll("formats") String format) {
        String text = switch (format) {
            case "repr" -> Double.toString(v);
            case "plain" -> new BigDecimal(v).toPlainString();
            case "fixed6" -> String.format(java.util.Locale.ROOT, "%.6f", v);
            default -> String.format(java.util.Locale.ROOT, "%.17e", v);
        };
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        assertThat(TrecText.parseDecimal(b, 0, b.length)).isEqualTo(Double.parseDouble(text));
    }

    @Provide
    Arbitrary<String> formats() {
        return Arbitraries.of(List.of("repr", "plain", "fixed6", "exp"));
    }
}
