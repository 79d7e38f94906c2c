package dev.assay.core.alert;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** Alerts as SLF4J events on logger {@code assay.alerts}; never fails. */
final class LogChannel implements AlertChannel {
    static final String LOGGER = "assay.alerts";
    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void deliver(Alert alert) {
        Level level = switch (alert.severity()) {
            case INFO -> Level.INFO;
            case WARNING -> Level.WARN;
            case ERROR, CRITICAL, EMERGENCY -> Level.ERROR;
        };
        log.atLevel(level)
                .addKeyValue("alertId", alert.id())
                .addKeyValue("severity", alert.severity().name())
                .addKeyValue("source", alert.source())
                .addKeyValue("dedupKey", alert.dedupKey())
                .addKeyValue("labels", alert.labels())
                .log("{} alert from {}: {}: {}", alert.severity(), alert.source(), alert.title(), alert.detail());
    }
}
