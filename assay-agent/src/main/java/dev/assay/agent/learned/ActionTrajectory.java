package dev.assay.agent.learned;

import dev.assay.agent.action.Action;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.rjudge.Turn;
import java.util.ArrayList;
import java.util.List;

/**
 * A proposed action as the trajectory the learned layer judges: its context entries in order ({@code user: ...} a
 * user turn, {@code agent: ...} an earlier agent thought, {@code tool result: ...} and anything else what the agent
 * read), then the proposed action as the last agent turn, with the agent's stated goal as its thought.
 */
public final class ActionTrajectory {
    private ActionTrajectory() {}

    public static Interaction of(Action action) {
        List<Turn> turns = new ArrayList<>();
        for (String c : action.context()) {
            if (c.startsWith("user: ")) turns.add(Turn.user(c.substring(6)));
            else if (c.startsWith("agent: ")) turns.add(Turn.agent(c.substring(7), ""));
            else if (c.startsWith("tool result: ")) turns.add(Turn.environment(c.substring(13)));
            else turns.add(Turn.environment(c));
        }
        turns.add(Turn.agent(action.goal(), text(action)));
        return new Interaction("(proposed action)", turns, false, "");
    }

    /** The action in words: the command line of a shell action, else the tool, its arguments and its target. */
    static String text(Action a) {
        String args = a.arguments().isEmpty() ? "" : a.arguments().toString();
        return switch (a.kind()) {
            case SHELL -> a.target();
            case TOOL -> a.tool() + (args.isEmpty() ? "" : ": " + args);
            default -> a.tool() + " " + a.target() + (args.isEmpty() ? "" : " " + args);
        };
    }
}
