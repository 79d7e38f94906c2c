package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** {@link DocnoTable} behaves like a {@code HashMap<String, Integer>} through growth, collisions and clears. */
class DocnoTableTest {

    @Provide
    Arbitrary<List<String>> docnoStreams() {
        // few distinct keys (repeats), "Aa"/"BB" (equal String hashes), and "" (stop word for clear)
        Arbitrary<String> key = Arbitraries.oneOf(
                Arbitraries.strings().withChars("ab").ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa", "LA071090-0047", "FT921-7107"),
                Arbitraries.just(""));
        return key.list().ofMaxSize(300);
    }

    @Property(tries = 300)
    void shouldBehaveLikeAHashMap(@ForAll("docnoStreams") List<String> stream) {
        DocnoTable table = new DocnoTable(2);
        Map<String, Integer> model = new HashMap<>();
        for (int i = 0; i < stream.size(); i++) {
            String k = stream.get(i);
            if (k.isEmpty()) {
                table.clear();
                model.clear();
                continue;
            }
            int existing = table.putIfAbsent(k, i);
            Integer expected = model.putIfAbsent(k, i);
            if (expected == null) {
                assertThat(existing).isEqualTo(-1);
            } else {
                assertThat(table.valueAt(existing)).isEqualTo(expected);
            }
            assertThat(table.size()).isEqualTo(model.size());
        }
        for (String k : stream) {
            assertThat(table.get(k, Integer.MIN_VALUE)).as(k).isEqualTo(model.getOrDefault(k, Integer.MIN_VALUE));
        }
        assertThat(table.get("not-a-key", -7)).isEqualTo(-7);
    }
}
