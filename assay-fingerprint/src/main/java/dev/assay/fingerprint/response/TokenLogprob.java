package dev.assay.fingerprint.response;

import dev.assay.core.InvalidInputException;
import java.util.List;
import java.util.Objects;

/**
 * One generated token with its log-probability (natural log) and, when the source gives them, the top-k
 * alternatives at that position (the chosen token may be among them). Log-probabilities are at most 0: a value a
 * hair above 0 from rounding ({@value #ROUNDING} or less) is read as 0, a larger one is refused.
 */
public record TokenLogprob(String token, double logprob, List<Alternative> top) {
    /** Most alternatives kept per position (OpenAI allows 20). */
    public static final int MAX_TOP = 20;
    /** How far above 0 a log-probability may be from rounding. */
    static final double ROUNDING = 1e-3;

    /** One alternative token at a position, with its log-probability. */
    public record Alternative(String token, double logprob) {
        public Alternative {
            token = Objects.requireNonNullElse(token, "");
            logprob = checked(logprob, "a top log-probability");
        }
    }

    public TokenLogprob {
        token = Objects.requireNonNullElse(token, "");
        logprob = checked(logprob, "a token's log-probability");
        top = List.copyOf(Objects.requireNonNullElse(top, List.of()));
        if (top.size() > MAX_TOP) throw new InvalidInputException("a position has " + top.size() + " top log-probabilities; at most " + MAX_TOP + " are read");
    }

    static double checked(double logprob, String what) {
        if (Double.isNaN(logprob) || logprob == Double.POSITIVE_INFINITY) throw new InvalidInputException(what + " is not a number");
        if (logprob > ROUNDING) throw new InvalidInputException(what + " is " + logprob + ", but log-probabilities are at most 0");
        return Math.min(logprob, 0.0);
    }
}
