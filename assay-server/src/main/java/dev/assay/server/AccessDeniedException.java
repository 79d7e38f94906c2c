package dev.assay.server;

/** A request without a usable token (401) or whose token's role is too low (403). */
final class AccessDeniedException extends RuntimeException {
    /** Why access was denied; each maps to a status and a {@code WWW-Authenticate} challenge. */
    enum Reason {
        MISSING_TOKEN(401, "Bearer realm=\"assay\""),
        INVALID_TOKEN(401, "Bearer realm=\"assay\", error=\"invalid_token\""),
        INSUFFICIENT_ROLE(403, "Bearer realm=\"assay\", error=\"insufficient_scope\"");

        final int status;
        final String challenge;

        Reason(int status, String challenge) {
            this.status = status;
            this.challenge = challenge;
        }
    }

    private final Reason reason;

    AccessDeniedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
