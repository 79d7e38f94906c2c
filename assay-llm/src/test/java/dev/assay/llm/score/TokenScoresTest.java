package dev.assay.llm.score;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.models.chat.ChatResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenScoresTest {
    static final List<String> ABC = List.of("a", "b", "c");

    @Test
    void nanIsRefusedNamingTheToken() {
        assertThatThrownBy(() -> TokenScores.of(ABC, new double[] {-1, Double.NaN, -2}))
                .isInstanceOf(InvalidInputException.class).hasMessage("the log-probability of token 1 is NaN");
    }

    @Test
    void positiveLogProbabilitiesAreRefused_roundingWithinTheToleranceIsZero() {
        assertThatThrownBy(() -> TokenScores.of(ABC, new double[] {-1, -2, 0.5}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("token 2 is 0.500000, positive");
        TokenScores s = TokenScores.of(ABC, new double[] {-1, 1e-6, -2});
        assertThat(s.logprobs()).containsExactly(-1, 0, -2);
    }

    @Test
    void infiniteValuesAreRefused() {
        assertThatThrownBy(() -> TokenScores.of(ABC, new double[] {-1, Double.NEGATIVE_INFINITY, -2}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("token 1 is -infinite");
    }

    @Test
    void mismatchedCountsAndNoTokensAreRefused() {
        assertThatThrownBy(() -> TokenScores.of(ABC, new double[] {-1, -2}))
                .isInstanceOf(InvalidInputException.class).hasMessage("mismatched token counts: 3 tokens but 2 log-probabilities");
        assertThatThrownBy(() -> TokenScores.of(List.of(), new double[0]))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no tokens");
        assertThatThrownBy(() -> new TokenScores(ABC, new double[] {-1, -1, -1}, new double[][] {{-1}, {-1}}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("top-k log-probabilities for 2");
    }

    @Test
    void topKMustBeGivenForEveryToken_sumToAtMostOne_andHoldTheMostLikely() {
        assertThatThrownBy(() -> new TokenScores(ABC, new double[] {-1, -1, -1}, new double[][] {{-1}, {}, {-1}}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("missing top-k log-probabilities for token 1");
        double half = Math.log(0.6);
        assertThatThrownBy(() -> new TokenScores(List.of("a"), new double[] {half}, new double[][] {{half, half}}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("sum to 1.20000, more than 1");
        assertThatThrownBy(() -> new TokenScores(List.of("a"), new double[] {-0.1}, new double[][] {{-1, -2}}))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("above its most likely alternative");
        assertThatThrownBy(() -> new TokenScores(List.of("a"), new double[] {-1}, new double[][] {{-1, Double.NaN}}))
                .isInstanceOf(InvalidInputException.class).hasMessage("top-k log-probability 1 of token 0 is NaN");
    }

    @Test
    void topKRowsAreSortedMostLikelyFirst_andCopied() {
        double[][] top = {{-3, -0.5, -2}};
        TokenScores s = new TokenScores(List.of("a"), new double[] {-0.5}, top);
        top[0][0] = -9;
        assertThat(s.top()[0]).containsExactly(-0.5, -2, -3);
    }

    @Test
    void chatResponse_logprobsAndAlternativesAreTaken_aResponseWithoutThemIsRefused() {
        var lp = List.of(new ChatResponse.TokenLogprob("Hi", -0.1, List.of(new ChatResponse.Alternative("Hi", -0.1), new ChatResponse.Alternative("Hey", -2.5))),
                new ChatResponse.TokenLogprob("!", -0.7, List.of(new ChatResponse.Alternative("!", -0.7), new ChatResponse.Alternative(".", -0.9))));
        ChatResponse r = new ChatResponse("id", "m", "Hi!", List.of(), "stop", Optional.empty(), lp);
        TokenScores s = TokenScores.of(r);
        assertThat(s.tokens()).containsExactly("Hi", "!");
        assertThat(s.logprobs()).containsExactly(-0.1, -0.7);
        assertThat(s.top()[1]).containsExactly(-0.7, -0.9);
        ChatResponse bare = new ChatResponse("id", "m", "Hi!", List.of(), "stop", Optional.empty(), List.of());
        assertThatThrownBy(() -> TokenScores.of(bare)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("missing logprobs");
    }
}
