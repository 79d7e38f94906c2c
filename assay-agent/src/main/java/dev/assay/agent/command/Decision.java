package dev.assay.agent.command;

/** What the guard answers for an action, in increasing severity. */
public enum Decision {
    ALLOW, ESCALATE, DENY;

    /** The more severe of the two. */
    public Decision max(Decision other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
