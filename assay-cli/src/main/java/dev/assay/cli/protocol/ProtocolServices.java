package dev.assay.cli.protocol;

import dev.assay.protocol.sla.DiscoveryService;
import io.micrometer.core.instrument.MeterRegistry;

/** The protocol classifier this build serves, the same for {@code assay serve}, {@code classify} and {@code bench}. */
public final class ProtocolServices {
    private ProtocolServices() {}

    /** A new service of this build's classifier, its meters in {@code meters}; close it to stop its workers. */
    public static DiscoveryService open(MeterRegistry meters) {
        return DiscoveryService.standard(meters);
    }
}
