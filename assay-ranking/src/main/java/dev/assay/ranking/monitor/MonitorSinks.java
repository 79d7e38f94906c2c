package dev.assay.ranking.monitor;

import dev.assay.core.alert.AlertManager;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.registry.Registry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Objects;

/** Where a monitor's decisions go: rollbacks to the registry, records to the ledger, alerts, metrics. */
public record MonitorSinks(Registry registry, Ledger ledger, AlertManager alerts, MeterRegistry meters) {
    public MonitorSinks {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(meters, "meters");
    }
}
