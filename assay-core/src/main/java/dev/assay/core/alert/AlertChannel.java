package dev.assay.core.alert;

import java.net.URI;
import java.time.Duration;

/**
 * Somewhere alerts go. {@link #deliver} may block (the manager calls it on the channel's own thread)
 * and reports failure by throwing {@link DeliveryException}.
 */
public interface AlertChannel extends AutoCloseable {
    /** The documented PagerDuty Events API v2 endpoint. */
    URI PAGERDUTY_EVENTS_V2 = URI.create("https://events.pagerduty.com/v2/enqueue");

    /** Delivers one alert or throws. */
    void deliver(Alert alert) throws DeliveryException;

    /** Releases the channel's resources; pending calls may fail. */
    @Override
    default void close() {}

    /** Writes each alert as one SLF4J event on logger {@code assay.alerts} (WARNING as WARN, ERROR and above as ERROR), with key-values. */
    static AlertChannel log() {
        return new LogChannel();
    }

    /** POSTs each alert as JSON ({@code id, time, severity, source, title, detail, dedupKey, labels}) to {@code url}. */
    static AlertChannel webhook(URI url, Duration timeout) {
        return new HttpJsonChannel("webhook", url, timeout, Payloads::webhook);
    }

    /** POSTs each alert to a Slack-compatible incoming webhook as {@code {"text": ..., "blocks": [...]}}. */
    static AlertChannel slack(URI url, Duration timeout) {
        return new HttpJsonChannel("slack", url, timeout, Payloads::slack);
    }

    /** Sends each alert as a PagerDuty Events v2 {@code trigger} event to the documented endpoint. */
    static AlertChannel pagerDuty(String routingKey, Duration timeout) {
        return pagerDuty(routingKey, PAGERDUTY_EVENTS_V2, timeout);
    }

    /** Sends each alert as a PagerDuty Events v2 {@code trigger} event to {@code endpoint}. */
    static AlertChannel pagerDuty(String routingKey, URI endpoint, Duration timeout) {
        if (routingKey == null || routingKey.isBlank()) throw new IllegalArgumentException("routingKey must not be blank");
        return new HttpJsonChannel("pagerduty", endpoint, timeout, a -> Payloads.pagerDuty(a, routingKey));
    }
}
