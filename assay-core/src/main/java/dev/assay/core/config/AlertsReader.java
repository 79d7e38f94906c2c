package dev.assay.core.config;

import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.Backoff;
import dev.assay.core.alert.ChannelPolicy;
import dev.assay.core.alert.RateLimit;
import dev.assay.core.alert.Severity;
import dev.assay.core.document.Mapping;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code alerts.channels}: a list of channels, each
 * {@code {name, type: log|webhook|slack|pagerduty, url, routingKey, timeout, minSeverity,
 * rateLimit: {permits, period}, backoff: {maxAttempts, initialDelay, multiplier, maxDelay, jitter},
 * queueCapacity}}, unset keys taking {@link ChannelPolicy#defaults()}. Every problem is recorded
 * with its path and line; a channel with a problem is left out.
 */
final class AlertsReader {
    private static final List<String> KEYS = List.of("name", "type", "url", "routingKey", "timeout", "minSeverity",
            "rateLimit", "backoff", "queueCapacity");

    private AlertsReader() {}

    /** The channels of {@code alerts} (which holds the list), or null when the list is absent. */
    static List<ChannelConfig> channels(Mapping alerts) {
        if (!alerts.has("channels")) return null;
        List<ChannelConfig> out = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (Mapping c : alerts.mappings("channels")) {
            ChannelConfig channel = channel(c);
            if (channel == null) continue;
            Integer first = firstLine.putIfAbsent(channel.name(), c.lineOf("name"));
            if (first != null) c.problem("name", "channel name '" + channel.name() + "' is used twice (first at line " + first + ")");
            else out.add(channel);
        }
        return out;
    }

    private static ChannelConfig channel(Mapping c) {
        int before = c.problemCount();
        c.allowOnly(KEYS);
        String name = c.text("name");
        ChannelConfig.Type type = c.choice("type", ChannelConfig.Type.class);
        ChannelPolicy d = ChannelPolicy.defaults();
        Severity minSeverity = c.choice("minSeverity", Severity.class, d.minSeverity());
        RateLimit rateLimit = rateLimit(c, d.rateLimit());
        Backoff backoff = backoff(c, d.backoff());
        int queueCapacity = c.integer("queueCapacity", d.queueCapacity());
        Duration timeout = c.duration("timeout", ChannelConfig.DEFAULT_TIMEOUT);
        if (timeout.isZero() || timeout.isNegative()) c.problem("timeout", "must be positive, but was " + timeout);
        ChannelConfig.Target target = type == null ? null : target(c, type, timeout);
        if (c.problemCount() > before) return null;
        return c.construct(() -> new ChannelConfig(name, target, new ChannelPolicy(minSeverity, rateLimit, backoff, queueCapacity)));
    }

    private static ChannelConfig.Target target(Mapping c, ChannelConfig.Type type, Duration timeout) {
        if (type != ChannelConfig.Type.PAGERDUTY && c.has("routingKey")) {
            c.problem("routingKey", "only a pagerduty channel takes a routing key, but type is " + type.name().toLowerCase(java.util.Locale.ROOT));
        }
        if (type == ChannelConfig.Type.LOG) {
            if (c.has("url")) c.problem("url", "a log channel takes no url");
            if (c.has("timeout")) c.problem("timeout", "a log channel takes no timeout");
            return new ChannelConfig.Target.Log();
        }
        String routingKey = type == ChannelConfig.Type.PAGERDUTY ? c.text("routingKey") : null;
        URI url = type == ChannelConfig.Type.PAGERDUTY && !c.has("url") ? AlertChannel.PAGERDUTY_EVENTS_V2 : url(c);
        if (url == null || (type == ChannelConfig.Type.PAGERDUTY && routingKey == null)) return null;
        return switch (type) {
            case WEBHOOK -> new ChannelConfig.Target.Webhook(url, timeout);
            case SLACK -> new ChannelConfig.Target.Slack(url, timeout);
            case PAGERDUTY -> new ChannelConfig.Target.PagerDuty(routingKey, url, timeout);
            case LOG -> new ChannelConfig.Target.Log();
        };
    }

    /**
     * An absolute http(s) URL with a host, or null (a problem). Messages name at most the scheme, never
     * the URL itself, whose path is a secret for webhooks.
     */
    private static URI url(Mapping c) {
        String text = c.text("url");
        if (text == null) return null;
        URI url;
        try {
            url = new URI(text.strip());
        } catch (URISyntaxException e) {
            c.problem("url", "must be an absolute http or https URL, but is not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
            return null;
        }
        String scheme = url.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            c.problem("url", "must be an absolute http or https URL, but its scheme was " + (scheme == null ? "missing" : "'" + scheme + "'"));
            return null;
        }
        if (url.getHost() == null) {
            c.problem("url", "must be an absolute http or https URL with a host, but has none");
            return null;
        }
        return url;
    }

    private static RateLimit rateLimit(Mapping c, RateLimit dflt) {
        Mapping m = c.mapping("rateLimit");
        if (m == null) return dflt;
        m.allowOnly("permits", "period");
        Integer permits = m.integer("permits");
        Duration period = m.duration("period");
        if (permits == null || period == null) return dflt;
        RateLimit r = m.construct(() -> RateLimit.of(permits, period));
        return r == null ? dflt : r;
    }

    private static Backoff backoff(Mapping c, Backoff d) {
        Mapping m = c.mapping("backoff");
        if (m == null) return d;
        m.allowOnly("maxAttempts", "initialDelay", "multiplier", "maxDelay", "jitter");
        int maxAttempts = m.integer("maxAttempts", d.maxAttempts());
        Duration initialDelay = m.duration("initialDelay", d.initialDelay());
        double multiplier = m.number("multiplier", d.multiplier());
        Duration maxDelay = m.duration("maxDelay", d.maxDelay());
        double jitter = m.number("jitter", d.jitter());
        Backoff b = m.construct(() -> new Backoff(maxAttempts, initialDelay, multiplier, maxDelay, jitter));
        return b == null ? d : b;
    }
}
