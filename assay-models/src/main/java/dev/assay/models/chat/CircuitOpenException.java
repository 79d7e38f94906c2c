package dev.assay.models.chat;

import java.time.Duration;

/** The endpoint failed too often recently; calls are refused without being sent until the circuit half-opens. */
public final class CircuitOpenException extends ChatException {
    public CircuitOpenException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
