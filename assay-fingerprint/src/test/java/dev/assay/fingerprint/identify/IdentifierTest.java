package dev.assay.fingerprint.identify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.verify.Styles;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentifierTest {
    static Signature reference(String model, int style, long seed) {
        var b = Signature.builder(Styles.ENCODER.config(), model);
        for (EncodedResponse r : Styles.responses(style, 0, 120, seed)) b.add(r);
        return b.build();
    }

    final List<Signature> refs = List.of(reference("terse", 0, 1), reference("polite", 1, 2), reference("formal", 2, 3));

    @Test
    void namesTheModelOfHeldOutResponses() {
        Identifier id = new Identifier(refs, Identifier.Config.DEFAULT);
        for (int style = 0; style < 3; style++) {
            var r = id.identify(Styles.responses(style, 500, 8, 100 + style));
            assertThat(r.model()).isEqualTo(List.of("terse", "polite", "formal").get(style));
            assertThat(r.scores()).hasSize(3);
            assertThat(r.scores().get(0).score()).isGreaterThan(r.scores().get(1).score());
            assertThat(r.threshold()).isFinite();
        }
    }

    @Test
    void aModelThatIsNotAmongTheReferencesIsNone() {
        Identifier id = new Identifier(List.of(refs.get(0), refs.get(1), reference("formal-twin", 2, 9)), Identifier.Config.DEFAULT);
        assertThat(id.identify(Styles.responses(2, 500, 8, 7)).named()).isTrue();
        Identifier without = new Identifier(List.of(refs.get(0), refs.get(1), reference("other", 0, 11)), Identifier.Config.DEFAULT);
        var r = without.identify(Styles.responses(2, 500, 16, 7));
        assertThat(r.named()).as(r.reason()).isFalse();
        assertThat(r.reason()).contains("none of the references");
    }

    @Test
    void knownModelsAreRarelyCalledNone() {
        Identifier id = new Identifier(refs, Identifier.Config.DEFAULT);
        int none = 0;
        for (int t = 0; t < 60; t++) if (!id.identify(Styles.responses(t % 3, 1000 + 10 * t, 4, 500 + t)).named()) none++;
        assertThat(none).isLessThanOrEqualTo(6);
    }

    @Test
    void referencesMustBeNamedDistinctAndCompatible() {
        assertThatThrownBy(() -> new Identifier(List.of(refs.get(0), refs.get(0)), Identifier.Config.DEFAULT))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("same model terse");
        assertThatThrownBy(() -> new Identifier(List.of(reference("", 0, 1)), Identifier.Config.DEFAULT)).hasMessageContaining("no model id");
        assertThatThrownBy(() -> new Identifier(List.of(), Identifier.Config.DEFAULT)).hasMessageContaining("at least one reference");
        assertThatThrownBy(() -> new Identifier(refs, Identifier.Config.DEFAULT).identify(List.of())).hasMessageContaining("at least one candidate");
    }
}
