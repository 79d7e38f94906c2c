package dev.assay.agent.approval;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;

/** Where an approval request stands. EXPIRED counts as DENIED: nobody approved the action in time. */
public enum ApprovalStatus {
    /** Waiting for a person. */
    PENDING,
    /** A person allowed the action. */
    APPROVED,
    /** A person refused the action. */
    DENIED,
    /** Nobody decided before the request expired; the action is refused. */
    EXPIRED;

    /** True only for APPROVED: every other status leaves the action refused or still waiting. */
    public boolean allows() {
        return this == APPROVED;
    }

    /** {@code text} as a status (case-insensitive), or an {@link InvalidInputException} naming {@code what} and the values. */
    public static ApprovalStatus parse(String text, String what) {
        if (text != null) {
            for (ApprovalStatus s : values()) if (s.name().equals(text.strip().toUpperCase(Locale.ROOT))) return s;
        }
        throw new InvalidInputException(what + " must be one of " + Arrays.toString(values()).replaceAll("[\\[\\]]", "")
                + ", but was '" + text + "'");
    }
}
