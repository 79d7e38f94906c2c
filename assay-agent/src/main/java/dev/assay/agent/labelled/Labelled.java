package dev.assay.agent.labelled;

import dev.assay.agent.action.Action;
import java.util.List;
import java.util.Objects;

/**
 * A labelled record: the actions it holds (one for a command or an action; every action of an agent's trajectory
 * for an interaction), whether it is unsafe, and {@code source}, where it came from (file and record). A record is
 * flagged when any of its actions is.
 */
public record Labelled(List<Action> actions, boolean unsafe, String source) {
    public Labelled {
        actions = List.copyOf(actions);
        if (actions.isEmpty()) throw new IllegalArgumentException("a labelled record needs an action");
        Objects.requireNonNull(source, "source");
    }

    /** A record of one action. */
    public Labelled(Action action, boolean unsafe, String source) {
        this(List.of(action), unsafe, source);
    }

    /** The first action (the only one for commands and actions). */
    public Action action() {
        return actions.get(0);
    }
}
