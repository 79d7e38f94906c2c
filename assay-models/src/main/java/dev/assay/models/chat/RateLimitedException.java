package dev.assay.models.chat;

import java.time.Duration;

/** The provider answered 429 after every attempt, or this client's own rate limit gave no permit in time. */
public final class RateLimitedException extends ChatException {
    public RateLimitedException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
