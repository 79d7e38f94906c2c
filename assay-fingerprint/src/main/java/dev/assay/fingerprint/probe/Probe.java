package dev.assay.fingerprint.probe;

import dev.assay.core.InvalidInputException;
import java.util.Objects;

/** One probe: its id (a response log's {@code prompt_id}) and the prompt text. */
public record Probe(String id, String prompt) {
    public Probe {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        if (id.isBlank()) throw new InvalidInputException("a probe's prompt_id must not be blank");
        if (prompt.isBlank()) throw new InvalidInputException("probe " + id + " has a blank prompt");
    }
}
