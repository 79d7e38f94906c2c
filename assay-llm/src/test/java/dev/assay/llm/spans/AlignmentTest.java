package dev.assay.llm.spans;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlignmentTest {
    static String placed(String text, List<String> tokens, int i) {
        Alignment a = Alignment.of(text, tokens);
        int[] cps = text.codePoints().toArray();
        return a.start[i] < 0 ? null : new String(cps, a.start[i], a.end[i] - a.start[i]);
    }

    @Test
    void byteLevelBpeWithSpaceAndNewlineMarkers() {
        String text = "Petra won\nsilver.";
        List<String> tokens = List.of("Pet", "ra", "\u0120won", "\u010A", "silver", ".", "<|endoftext|>");
        Alignment a = Alignment.of(text, tokens);
        assertThat(placed(text, tokens, 1)).isEqualTo("ra");
        assertThat(placed(text, tokens, 2)).isEqualTo("won");
        assertThat(a.start[3]).isEqualTo(-1); // a newline only: no visible character
        assertThat(placed(text, tokens, 4)).isEqualTo("silver");
        assertThat(a.start[6]).isEqualTo(-1);
        assertThat(a.aligned()).isEqualTo(text.length());
    }

    @Test
    void aCharacterSplitOverByteTokensBelongsToEachOfThem() {
        // Qwen: " 红牛" as "Ġç", "º", "¢", "çīĽ"
        String text = " 红牛球场";
        List<String> tokens = List.of("\u0120\u00E7", "\u00BA", "\u00A2", "\u00E7\u012B\u013D", "\u00E7\u0132\u0125\u00E5\u013E\u00BA");
        for (int i = 0; i < 3; i++) assertThat(placed(text, tokens, i)).as("token %d", i).isEqualTo("红");
        assertThat(placed(text, tokens, 3)).isEqualTo("牛");
        assertThat(placed(text, tokens, 4)).isEqualTo("球场");
        // Latin-1 split: "ĠÃ", "ģ" is " Á"
        assertThat(placed("heißt Álava", List.of("he", "iÃŁt", "ĠÃ", "ģ", "lava"), 3)).isEqualTo("Á");
    }

    @Test
    void sentencePieceMarkersByteFallbackAndSpecialTokens() {
        String text = "Le Royaume\nde Galice";
        List<String> tokens = List.of("<s>", "\u2581Le", "\u2581Ro", "yaume", "<0x0A>", "de", "\u2581Gal", "ice", "</s>");
        assertThat(placed(text, tokens, 0)).isNull();
        assertThat(placed(text, tokens, 2)).isEqualTo("Ro");
        assertThat(placed(text, tokens, 5)).isEqualTo("de");
        assertThat(placed(text, tokens, 7)).isEqualTo("ice");
        assertThat(placed(text, tokens, 8)).isNull();
        // multi-byte characters as <0xNN> tokens
        assertThat(placed("é!", List.of("<0xC3>", "<0xA9>", "!"), 1)).isEqualTo("é");
    }

    @Test
    void tokensTheTextLacksAreSkippedAndNothingThrows() {
        String text = "फेफड़े से";
        List<String> tokens = List.of("Answer", ":", "<0x0A>", "फे", "फ", "ड़े", "\u2581से");
        Alignment a = Alignment.of(text, tokens);
        assertThat(a.start[0]).isEqualTo(-1);
        assertThat(placed(text, tokens, 6)).isEqualTo("से");
        assertThat(a.aligned()).isEqualTo(text.codePointCount(0, text.length()));
        // tokens for another text entirely: nothing placed, no exception
        Alignment none = Alignment.of("xyz", List.of("abc", "\u0120def"));
        assertThat(none.aligned()).isZero();
        assertThat(Alignment.of("", List.of("a")).aligned()).isZero();
        assertThat(Alignment.of("abc", List.of()).aligned()).isZero();
    }

    @Test
    void cjkTokensOfSeveralCharacters() {
        String text = "\n彼得·冯在1880年";
        List<String> tokens = List.of("\n", "彼得", "·", "冯", "在", "1", "8", "8", "0", "年");
        assertThat(placed(text, tokens, 1)).isEqualTo("彼得");
        assertThat(placed(text, tokens, 7)).isEqualTo("8");
        assertThat(Alignment.of(text, tokens).start[7]).isEqualTo(8);
    }
}
