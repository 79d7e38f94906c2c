package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import java.util.Objects;
import java.util.Optional;

/**
 * One task given to the agents.
 *
 * @param prompt    what the agents are asked, not blank
 * @param reference the expected answer, when known (needed by reference scorers)
 */
public record Task(String prompt, Optional<String> reference) {
    public Task {
        if (prompt == null || prompt.isBlank()) throw new InvalidInputException("a task needs a non-blank prompt");
        Objects.requireNonNull(reference, "reference");
    }

    /** A task without a reference answer. */
    public static Task of(String prompt) {
        return new Task(prompt, Optional.empty());
    }

    /** A task whose expected answer is {@code reference}. */
    public static Task withReference(String prompt, String reference) {
        return new Task(prompt, Optional.of(reference));
    }
}
