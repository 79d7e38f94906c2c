package dev.assay.core.alert;

import dev.assay.core.AssayException;

/** A channel could not deliver an alert; retryable failures (timeouts, 5xx, 429) are retried with backoff, permanent ones are not. */
public final class DeliveryException extends AssayException {
    private final boolean retryable;

    private DeliveryException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** A failure that may succeed on a later attempt. */
    public static DeliveryException retryable(String message, Throwable cause) {
        return new DeliveryException(message, cause, true);
    }

    /** A failure that will not succeed by retrying (e.g. HTTP 400, 403). */
    public static DeliveryException permanent(String message, Throwable cause) {
        return new DeliveryException(message, cause, false);
    }

    public boolean isRetryable() {
        return retryable;
    }
}
