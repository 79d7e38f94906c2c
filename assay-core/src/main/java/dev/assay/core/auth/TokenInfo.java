package dev.assay.core.auth;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What is known about a token besides its secret: id, name, role, creation and revocation time. */
public record TokenInfo(long id, String name, Role role, Instant createdAt, Optional<Instant> revokedAt) {
    public TokenInfo {
        if (id <= 0) throw new IllegalArgumentException("id must be positive, but was " + id);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
    }

    public boolean active() {
        return revokedAt.isEmpty();
    }
}
