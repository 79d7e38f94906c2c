package dev.assay.llm.coordinate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class AnswersTest {
    @Test
    void finalAnswer_isAfterTheLastMarker_orTheLastLine() {
        assertThat(Answers.finalAnswer("Let me think.\nAnswer: 3\nWait, no.\nAnswer: 4")).isEqualTo("4");
        assertThat(Answers.finalAnswer("**Answer:** Paris")).isEqualTo("Paris");
        assertThat(Answers.finalAnswer("It is Paris.\n\nParis\n")).isEqualTo("Paris");
        assertThat(Answers.finalAnswer("")).isEmpty();
    }

    @Test
    void normalised_ignoresCaseSpacingQuotesEmphasisAndTrailingPunctuation() {
        assertThat(Answers.normalised("Answer: **Paris**.")).isEqualTo("paris");
        assertThat(Answers.normalised("answer:   \"New   York\"!")).isEqualTo("new york");
        assertThat(Answers.normalised("Answer: 3.5")).isEqualTo("3.5");
    }

    @Test
    void consensus_isTheFractionOfAgreeingPairs() {
        assertThat(Answers.consensus(List.of("Answer: 4", "answer: 4.", "Answer: 5"), Answers.Agreement.exact())).isEqualTo(1.0 / 3);
        assertThat(Answers.consensus(List.of("Answer: 4", "Answer: 4", "Answer: 4", "Answer: 4"), Answers.Agreement.exact())).isEqualTo(1.0);
        assertThat(Answers.consensus(List.of("Answer: 1", "Answer: 2", "Answer: 3", "Answer: 1"), Answers.Agreement.exact())).isEqualTo(1.0 / 6);
    }

    @Test
    void jaccardAgreement_acceptsReorderedWords_atTheThreshold() {
        assertThat(Answers.jaccard("Answer: the cat sat", "Answer: sat the cat")).isEqualTo(1.0);
        assertThat(Answers.jaccard("Answer: a b c d", "Answer: a b c e")).isEqualTo(3.0 / 5);
        assertThat(Answers.Agreement.jaccard(0.6).agree("Answer: a b c d", "Answer: a b c e")).isTrue();
        assertThat(Answers.Agreement.jaccard(0.61).agree("Answer: a b c d", "Answer: a b c e")).isFalse();
        assertThat(Answers.consensus(List.of("Answer: a b c d", "Answer: a b c e", "Answer: x"), Answers.Agreement.jaccard(0.6))).isEqualTo(1.0 / 3);
    }

    @Test
    void majority_prefersTheMostFrequent_thenTheFirst() {
        assertThat(Answers.majority(List.of("Answer: 5", "Answer: 4", "answer: 4."))).isEqualTo(1);
        assertThat(Answers.majority(List.of("Answer: 5", "Answer: 4"))).isZero();
    }

    @Property
    void consensus_isInUnitInterval_andOneForIdenticalReplies(@ForAll @Size(min = 2, max = 8) List<String> replies) {
        double c = Answers.consensus(replies, Answers.Agreement.exact());
        assertThat(c).isBetween(0.0, 1.0);
        assertThat(Answers.consensus(replies.stream().map(r -> replies.getFirst()).toList(), Answers.Agreement.exact())).isEqualTo(1.0);
    }
}
