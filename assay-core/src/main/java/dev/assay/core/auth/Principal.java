package dev.assay.core.auth;

import java.util.Objects;

/** Who made a request: the token's id, name and role. */
public record Principal(long tokenId, String name, Role role) {
    public Principal {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
