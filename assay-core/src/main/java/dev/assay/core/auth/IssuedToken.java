package dev.assay.core.auth;

import java.util.Objects;

/** A token just created: its record and its secret, which is never stored and never shown again. */
public record IssuedToken(TokenInfo info, String secret) {
    public IssuedToken {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(secret, "secret");
    }

    /** Omits the secret so that it does not reach logs by accident. */
    @Override
    public String toString() {
        return "IssuedToken[info=" + info + ", secret=***]";
    }
}
