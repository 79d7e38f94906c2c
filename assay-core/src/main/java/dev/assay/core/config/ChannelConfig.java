package dev.assay.core.config;

import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.ChannelPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One alert channel of the configuration: its unique name (the metric tag), where alerts go, and how
 * the manager feeds it (least severity, rate limit, retries, queue). {@link #toString()} names only
 * the scheme, host and port of a URL and never the routing key, since both carry secrets.
 */
public record ChannelConfig(String name, Target target, ChannelPolicy policy) {
    /** The request timeout of HTTP channels when the file gives none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ChannelConfig {
        AlertManager.Builder.checkChannelName(name);
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(policy, "policy");
    }

    /** The kinds of channel, as written in the {@code type} key. */
    public enum Type { LOG, WEBHOOK, SLACK, PAGERDUTY }

    /** Where a channel delivers. */
    public sealed interface Target {
        /** SLF4J logger {@code assay.alerts}. */
        record Log() implements Target {}

        /** A generic JSON webhook. */
        record Webhook(URI url, Duration timeout) implements Target {
            public Webhook {
                Objects.requireNonNull(url, "url");
                positive(timeout);
            }

            @Override
            public String toString() {
                return "Webhook[" + origin(url) + "]";
            }
        }

        /** A Slack-compatible incoming webhook. */
        record Slack(URI url, Duration timeout) implements Target {
            public Slack {
                Objects.requireNonNull(url, "url");
                positive(timeout);
            }

            @Override
            public String toString() {
                return "Slack[" + origin(url) + "]";
            }
        }

        /** PagerDuty Events v2 with an integration's routing key. */
        record PagerDuty(String routingKey, URI endpoint, Duration timeout) implements Target {
            public PagerDuty {
                if (routingKey == null || routingKey.isBlank()) throw new IllegalArgumentException("routingKey must not be blank");
                Objects.requireNonNull(endpoint, "endpoint");
                positive(timeout);
            }

            @Override
            public String toString() {
                return "PagerDuty[" + origin(endpoint) + "]";
            }
        }
    }

    /** Opens the channel (HTTP channels get their own client). */
    public AlertChannel open() {
        return switch (target) {
            case Target.Log l -> AlertChannel.log();
            case Target.Webhook w -> AlertChannel.webhook(w.url(), w.timeout());
            case Target.Slack s -> AlertChannel.slack(s.url(), s.timeout());
            case Target.PagerDuty p -> AlertChannel.pagerDuty(p.routingKey(), p.endpoint(), p.timeout());
        };
    }

    /** {@code scheme://host:port} of {@code url}, without path or query. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }

    private static void positive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, but was " + timeout);
    }
}
