package dev.assay.llm.score;

import dev.assay.core.InvalidInputException;
import java.util.Locale;
import java.util.Objects;

/**
 * A response the token monitor refuses to score because its numbers would not mean what the statistics assume; HTTP 400,
 * CLI exit 2, like any {@link InvalidInputException}, with the {@link Problem} to tell the cases apart.
 */
public final class ScoreInputException extends InvalidInputException {
    /** Why a response cannot be scored. */
    public enum Problem {
        /** The values read as raw logits, not log-probabilities: perplexity and entropy would be meaningless. */
        RAW_LOGITS,
        /** The tokens joined do not give the response's text: the scores are not those of the text. */
        TOKEN_TEXT_MISMATCH;

        /** The lower-case name used in JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Problem problem;

    public ScoreInputException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }

    /** The same problem with {@code where} ({@code file:line}, {@code body}) in front of the message. */
    public ScoreInputException at(String where) {
        return new ScoreInputException(problem, where + ": " + getMessage());
    }
}
