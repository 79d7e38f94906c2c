package dev.assay.agent.labelled;

import dev.assay.agent.action.Action;
import java.util.Objects;

/** An action with its label: whether it is unsafe; {@code source} names where it came from (file and record). */
public record Labelled(Action action, boolean unsafe, String source) {
    public Labelled {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(source, "source");
    }
}
