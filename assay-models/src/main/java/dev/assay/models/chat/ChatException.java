package dev.assay.models.chat;

import dev.assay.core.AssayException;
import java.time.Duration;
import java.util.Optional;

/**
 * A chat completion that failed: {@link RateLimitedException}, {@link ChatTimeoutException}, {@link CircuitOpenException},
 * {@link ProviderException}, or refused before sending: {@link InvalidRequestException} (a request this provider
 * cannot take, a prompt over the size limit) and {@link BudgetExceededException} (the hourly budget). Messages say what
 * happened and to which endpoint, never which class failed. A configuration that cannot be built, or a request
 * that is malformed whatever the provider, is an {@code InvalidInputException} instead.
 */
public abstract sealed class ChatException extends AssayException
        permits RateLimitedException, ChatTimeoutException, CircuitOpenException, ProviderException, InvalidRequestException,
        BudgetExceededException {
    private final Duration retryAfter;

    ChatException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** How long to wait before trying again, when the provider or the client knows. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
