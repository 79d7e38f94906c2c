package dev.assay.agent.guard;

import dev.assay.agent.action.Action;
import dev.assay.agent.command.Decision;

/**
 * How much an agent may do without a person, from least to most autonomous. A tier turns the checks' decision into
 * the final one; DENY always stays DENY.
 * <ul>
 *   <li>{@code SAFE_MODE}: only reads run unattended (a file read, an HTTP GET, the checks allowing them); anything
 *       else is escalated.</li>
 *   <li>{@code ALPHA}: a person approves every action.</li>
 *   <li>{@code GAMMA}: a person approves anything not clearly safe: an action the checks allowed but found any
 *       finding for is escalated (with no finding it runs).</li>
 *   <li>{@code DELTA}: low risk is approved automatically: the checks' decision stands.</li>
 * </ul>
 */
public enum Tier {
    SAFE_MODE, ALPHA, GAMMA, DELTA;

    /** The final decision for {@code action}, whose checks decided {@code checked} with {@code findings} findings. */
    public Decision apply(Action action, Decision checked, int findings) {
        if (checked == Decision.DENY) return Decision.DENY;
        return switch (this) {
            case SAFE_MODE -> checked == Decision.ALLOW && isRead(action) ? Decision.ALLOW : Decision.ESCALATE;
            case ALPHA -> Decision.ESCALATE;
            case GAMMA -> checked == Decision.ALLOW && findings == 0 ? Decision.ALLOW : Decision.ESCALATE;
            case DELTA -> checked;
        };
    }

    static boolean isRead(Action a) {
        if (a.kind() == Action.Kind.FILE_READ) return true;
        if (a.kind() != Action.Kind.HTTP) return false;
        String method = a.arguments().path("method").asText("GET");
        return method.equalsIgnoreCase("GET") || method.equalsIgnoreCase("HEAD");
    }

    /** One tier more autonomous, up to {@code max}. */
    Tier promoted(Tier max) {
        return this == SAFE_MODE || compareTo(max) >= 0 ? this : values()[ordinal() + 1];
    }

    /** One tier less autonomous, down to ALPHA (safe mode is entered by its own rule). */
    Tier demoted() {
        return this == SAFE_MODE || this == ALPHA ? this : values()[ordinal() - 1];
    }
}
