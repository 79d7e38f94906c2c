package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * How a team of agents works on a task. Every strategy makes a number of model calls known in advance
 * ({@link #calls}), which is what a compute-matched {@link Baseline} spends, and may make {@link #soloCalls} more that
 * only measure the single agents omega compares with (they do not shape the team's answer, and the baseline does not
 * match them). Calls that do not depend on each other are made concurrently.
 */
public sealed interface Strategy permits Strategy.Sequential, Strategy.Parallel, Strategy.Debate {
    /** Fewest agents a team needs (consensus is over pairs). */
    int MIN_AGENTS = 2;

    /** Model calls one run with {@code agents} agents makes. */
    long calls(int agents);

    /**
     * Model calls one run with {@code agents} agents makes only to have every agent's own answer to the task (for
     * omega), beyond {@link #calls}; 0 when the team's work already contains them.
     */
    default long soloCalls(int agents) {
        return 0;
    }

    /** A short name: {@code sequential}, {@code parallel}, {@code debate}. */
    String name();

    /**
     * Each agent in turn refines the answer of the one before; the last agent's reply is the answer. N calls. Only the
     * first agent answers the task alone in the chain, so every other agent is also asked the task alone, concurrently,
     * once the chain is done: N - 1 {@link #soloCalls}.
     */
    record Sequential() implements Strategy {
        @Override
        public long calls(int agents) {
            return agents;
        }

        @Override
        public long soloCalls(int agents) {
            return agents - 1;
        }

        @Override
        public String name() {
            return "sequential";
        }
    }

    /**
     * The agents answer independently (concurrently); the answer is the majority of their normalised final answers (ties to the
     * agent listed first, N calls), or, with an {@code aggregator}, that agent's synthesis of all replies (N + 1 calls).
     */
    record Parallel(Optional<AgentSpec> aggregator) implements Strategy {
        public Parallel {
            Objects.requireNonNull(aggregator, "aggregator");
        }

        /** Independent answers and a majority vote. */
        public static Parallel majority() {
            return new Parallel(Optional.empty());
        }

        @Override
        public long calls(int agents) {
            return agents + (aggregator.isPresent() ? 1 : 0);
        }

        @Override
        public String name() {
            return aggregator.isPresent() ? "parallel+aggregator" : "parallel";
        }
    }

    /**
     * The agents answer independently, then for {@code rounds} rounds each sees the other agents' replies of the round
     * before and answers again; the last round's replies are the final answers and their majority is the answer.
     * N (rounds + 1) calls.
     */
    record Debate(int rounds) implements Strategy {
        /** Most rounds accepted. */
        public static final int MAX_ROUNDS = 20;
        /** Default number of rounds after the opening answers. */
        public static final int DEFAULT_ROUNDS = 2;

        public Debate {
            if (rounds < 1 || rounds > MAX_ROUNDS) throw new InvalidInputException("a debate needs 1 to " + MAX_ROUNDS + " rounds, but was " + rounds);
        }

        @Override
        public long calls(int agents) {
            return (long) agents * (rounds + 1);
        }

        @Override
        public String name() {
            return "debate";
        }
    }
}
