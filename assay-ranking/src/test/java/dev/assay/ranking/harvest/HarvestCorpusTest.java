package dev.assay.ranking.harvest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarvestCorpusTest {
    private static HarvestCorpus corpus(int n) {
        return new HarvestCorpus("t", IntStream.range(0, n).mapToObj(i -> "passage number " + i + " of the corpus").toList());
    }

    @Test
    void shouldSplitDeterministicallyIntoDisjointQueriesAndDocuments() {
        var a = corpus(100).split(10, 1000, 42);
        var b = corpus(100).split(10, 1000, 42);
        var c = corpus(100).split(10, 1000, 43);
        assertThat(a).isEqualTo(b);
        assertThat(a.queries()).hasSize(10).doesNotContainAnyElementsOf(a.documents());
        assertThat(a.documents()).hasSize(90);
        assertThat(c.queries()).isNotEqualTo(a.queries());
    }

    @Test
    void shouldCapDocumentsAtTheLimit() {
        assertThat(corpus(100).split(10, 25, 1).documents()).hasSize(25);
    }

    @Test
    void shouldRejectMoreQueriesThanPassages() {
        assertThatThrownBy(() -> corpus(5).split(5, 10, 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("5 passages");
    }

    @Test
    void shouldDropShortAndDuplicatePassagesFromJsonl(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.jsonl");
        Files.write(f, List.of("{\"text\":\"a passage long enough to keep\"}", "{\"text\":\"ok\"}",
                "", "{\"text\":\"a   passage long enough to keep\"}"));
        assertThat(HarvestCorpus.jsonl(f).passages()).containsExactly("a passage long enough to keep");
    }

    @Test
    void shouldNameTheLineOfABadJsonlRecord(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("c.jsonl");
        Files.write(f, List.of("{\"text\":\"a passage long enough to keep\"}", "{\"body\":\"no text\"}"));
        assertThatThrownBy(() -> HarvestCorpus.jsonl(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("c.jsonl:2").hasMessageContaining("\"text\"");
        Files.write(f, List.of("{not json"));
        assertThatThrownBy(() -> HarvestCorpus.jsonl(f)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("c.jsonl:1");
    }

    @Test
    void shouldRejectGridsWithoutAValidConfiguration() {
        assertThatThrownBy(() -> new HarvestGrid(List.of(5), List.of(10), 0, HnswParams.luceneDefaults()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("largest ef 5");
        assertThatThrownBy(() -> new HarvestGrid(List.of(20, 10), List.of(10), 0, HnswParams.luceneDefaults()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> new HarvestGrid(List.of(20), List.of(5), 0, HnswParams.luceneDefaults()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("k values must be >= 10");
    }
}
