package dev.assay.core.config;

import dev.assay.core.alert.AlertManager;
import dev.assay.core.alert.ChannelPolicy;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Where the service's alerts go: the channels, each receiving the alerts at or above its
 * {@code minSeverity}, and the window in which an alert with the same dedup key is a duplicate.
 * Without an {@code alerts.channels} list in the file, alerts go to the log only.
 */
public record AlertsConfig(Duration dedupWindow, List<ChannelConfig> channels) {
    public AlertsConfig {
        Objects.requireNonNull(dedupWindow, "dedupWindow");
        if (dedupWindow.isNegative()) throw new IllegalArgumentException("dedupWindow must be >= 0, but was " + dedupWindow);
        channels = List.copyOf(channels);
        var names = new HashSet<String>();
        for (ChannelConfig c : channels) {
            if (!names.add(c.name())) throw new IllegalArgumentException("channel name \"" + c.name() + "\" is used twice");
        }
    }

    /** The one channel {@code log} when the configuration names none. */
    static List<ChannelConfig> logOnly() {
        return List.of(new ChannelConfig("log", new ChannelConfig.Target.Log(), ChannelPolicy.defaults()));
    }

    /** Builds and starts the manager: every channel opened with its policy, dedup window as configured. */
    public AlertManager open(MeterRegistry registry, Clock clock) {
        AlertManager.Builder b = AlertManager.builder(registry).clock(clock).dedupWindow(dedupWindow);
        for (ChannelConfig c : channels) b.channel(c.name(), c.open(), c.policy());
        return b.build();
    }
}
