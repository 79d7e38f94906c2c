package dev.assay.core.auth;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a token may do, ordered: an admin may do what an operator may, an operator what a viewer may. */
public enum Role {
    /** Read state, health and metrics. */
    VIEWER,
    /** Also change models, rollouts and approvals. */
    OPERATOR,
    /** Also manage tokens. */
    ADMIN;

    /** True when this role may do what {@code required} may. */
    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    /** The lower-case name used in JSON, the CLI and the database. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code text} in any case, or an {@link InvalidInputException} listing the roles. */
    public static Role parse(String text) {
        if (text != null) {
            for (Role r : values()) if (r.name().equalsIgnoreCase(text.strip())) return r;
        }
        throw new InvalidInputException("role must be one of "
                + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")) + ", but was '" + text + "'");
    }
}
