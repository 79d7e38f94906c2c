package dev.assay.server;

import dev.assay.core.auth.Role;
import java.util.Objects;

/** Who may call a route: anyone, or a bearer token whose role includes a minimum role. */
public sealed interface Access permits Access.Anonymous, Access.AtLeast {
    /** No token needed. */
    record Anonymous() implements Access {}

    /** A valid token whose role {@link Role#includes includes} {@code role}. */
    record AtLeast(Role role) implements Access {
        public AtLeast {
            Objects.requireNonNull(role, "role");
        }
    }

    static Access anonymous() {
        return new Anonymous();
    }

    static Access atLeast(Role role) {
        return new AtLeast(role);
    }

    /** {@code anonymous}, {@code viewer}, {@code operator} or {@code admin}, as shown in the OpenAPI document. */
    default String label() {
        return switch (this) {
            case Anonymous a -> "anonymous";
            case AtLeast(Role role) -> role.label();
        };
    }
}
