package dev.assay.models.chat;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * The provider could not be reached (no status), answered an error status, or answered something that is not a chat
 * completion (a malformed body, with the status it came with). {@link #retryable()} for 5xx and unreachable.
 */
public final class ProviderException extends ChatException {
    private final int status;

    /** An answer with HTTP {@code status}; {@code retryAfter} may be null. */
    public ProviderException(String message, int status, Duration retryAfter) {
        super(message, retryAfter, null);
        this.status = status;
    }

    /** The provider could not be reached. */
    public ProviderException(String message, Throwable cause) {
        super(message, null, cause);
        this.status = -1;
    }

    /** The HTTP status, empty when there was no answer. */
    public OptionalInt status() {
        return status < 0 ? OptionalInt.empty() : OptionalInt.of(status);
    }

    /** Whether trying again may help: no answer, or a 5xx. */
    public boolean retryable() {
        return status < 0 || status >= 500;
    }
}
