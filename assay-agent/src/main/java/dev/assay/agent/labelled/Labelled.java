package dev.assay.agent.labelled;

import dev.assay.agent.action.Action;
import dev.assay.agent.learned.ActionTrajectory;
import dev.assay.agent.rjudge.Interaction;
import java.util.List;
import java.util.Objects;

/**
 * A labelled record: the actions it holds (one for a command or an action; every action of an agent's trajectory
 * for an interaction), whether it is unsafe, {@code source}, where it came from (file and record), and the whole
 * interaction when the record is one (null otherwise). A record is flagged when any of its actions is.
 */
public record Labelled(List<Action> actions, boolean unsafe, String source, Interaction interaction) {
    public Labelled {
        actions = List.copyOf(actions);
        if (actions.isEmpty()) throw new IllegalArgumentException("a labelled record needs an action");
        Objects.requireNonNull(source, "source");
    }

    /** A record of actions without an interaction. */
    public Labelled(List<Action> actions, boolean unsafe, String source) {
        this(actions, unsafe, source, null);
    }

    /** A record of one action. */
    public Labelled(Action action, boolean unsafe, String source) {
        this(List.of(action), unsafe, source, null);
    }

    /** The first action (the only one for commands and actions). */
    public Action action() {
        return actions.get(0);
    }

    /**
     * What the learned layer learns from and judges: the interaction, or for a record of one action that action with
     * its context as a trajectory; labelled as the record.
     */
    public Interaction trajectory() {
        if (interaction != null) return interaction;
        Interaction t = ActionTrajectory.of(action());
        return new Interaction(source, t.turns(), unsafe, "");
    }
}
