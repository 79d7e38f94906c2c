package dev.assay.agent.learned;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.rjudge.Turn;
import dev.assay.models.embed.WordEmbeddingModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class InteractionEncoderTest {
    @Test
    void onlyTheViewsThatChangedAreEmbedded_andTheEncodingIsTheSame() {
        WordEmbeddingModel model = new WordEmbeddingModel(16);
        InteractionEncoder cached = new InteractionEncoder(model);
        Interaction first = new Interaction("a", List.of(Turn.user("book a table for two"), Turn.agent("search", "Search{'q': 'tables'}"),
                Turn.environment("three places found")), false, "");
        Interaction next = new Interaction("b", List.of(Turn.user("book a table for two"), Turn.agent("search", "Search{'q': 'tables'}"),
                Turn.environment("three places found"), Turn.agent("book the first", "Book{'place': 1}")), false, "");
        float[] a = cached.encode(first);
        assertThat(model.calls()).isEqualTo(3);
        float[] b = cached.encode(next);
        assertThat(model.calls()).as("the request and the tool results were embedded before").isEqualTo(4);
        assertThat(cached.encode(first)).isEqualTo(a);
        assertThat(model.calls()).isEqualTo(4);
        InteractionEncoder fresh = new InteractionEncoder(new WordEmbeddingModel(16));
        assertThat(fresh.encode(next)).as("a cached view gives the vector a fresh encoder gives").isEqualTo(b);
    }
}
