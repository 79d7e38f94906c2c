package dev.assay.fingerprint.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeVariantTest {
    final ProbeSet set = new ProbeSet(List.of(new Probe("p1", "Please pay the bill for December from my main account."),
            new Probe("p2", "Who sent the latest message in the general channel?")));

    @Test
    void everyVariantIsANewProbeWithADerivedIdAfterItsOriginal() {
        ProbeSet all = ProbeSelector.withVariants(set, EnumSet.allOf(Variant.class), 3);
        assertThat(all.size()).isEqualTo(2 * (1 + Variant.values().length));
        assertThat(all.ids().subList(0, 9)).containsExactly("p1", "p1~one-word", "p1~json", "p1~format", "p1~conflict",
                "p1~distractor", "p1~case.3", "p1~whitespace.3", "p1~typos.3");
        String original = set.probes().get(0).prompt();
        assertThat(all.probe("p1~one-word").prompt()).startsWith(original).endsWith("Answer in one word.");
        assertThat(all.probe("p1~json").prompt()).startsWith(original).contains("JSON object");
        assertThat(all.probe("p1~distractor").prompt()).endsWith(original);
        assertThat(all.probe("p1~case.3").prompt()).isNotEqualTo(original).isEqualToIgnoringCase(original);
        assertThat(all.probe("p1~whitespace.3").prompt()).isNotEqualTo(original).isEqualToIgnoringWhitespace(original);
        String typo = all.probe("p1~typos.3").prompt();
        assertThat(typo).isNotEqualTo(original).hasSameSizeAs(original);
        assertThat(sorted(typo)).isEqualTo(sorted(original));
        assertThat(typo.chars().allMatch(c -> c < 128)).isTrue();
        // first and last letters of every word stay
        String[] a = original.split(" ");
        String[] b = typo.split(" ");
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i].charAt(0)).isEqualTo(a[i].charAt(0));
            assertThat(b[i].charAt(b[i].length() - 1)).isEqualTo(a[i].charAt(a[i].length() - 1));
        }
    }

    @Test
    void variantsAreDeterministicForASeedAndChangeWithIt() {
        var kinds = EnumSet.of(Variant.CASE, Variant.TYPOS, Variant.WHITESPACE);
        assertThat(ProbeSelector.withVariants(set, kinds, 5)).isEqualTo(ProbeSelector.withVariants(set, kinds, 5));
        assertThat(ProbeSelector.withVariants(set, kinds, 5).probes().get(1).prompt())
                .isNotEqualTo(ProbeSelector.withVariants(set, kinds, 6).probes().get(1).prompt());
        // a probe's variant does not depend on the other probes
        ProbeSet one = new ProbeSet(List.of(set.probes().get(1)));
        assertThat(ProbeSelector.withVariants(one, kinds, 5).probe("p2~typos.5"))
                .isEqualTo(ProbeSelector.withVariants(set, kinds, 5).probe("p2~typos.5"));
    }

    @Test
    void aVariantThatWouldNotChangeThePromptIsLeftOut() {
        ProbeSet digits = new ProbeSet(List.of(new Probe("n", "42 + 17 = ?")));
        assertThat(ProbeSelector.withVariants(digits, EnumSet.of(Variant.CASE, Variant.TYPOS), 1).ids()).containsExactly("n");
        assertThat(Variant.parse("one-word")).isEqualTo(Variant.ONE_WORD);
        assertThat(Variant.parse("ONE_WORD")).isEqualTo(Variant.ONE_WORD);
        assertThatThrownBy(() -> Variant.parse("rot13")).hasMessageContaining("unknown variant rot13");
        assertThatThrownBy(() -> ProbeSelector.withVariants(set, List.of(), 1)).hasMessageContaining("at least one variant");
    }

    private static String sorted(String s) {
        char[] c = s.toCharArray();
        java.util.Arrays.sort(c);
        return new String(c);
    }
}
