package dev.assay.server;

import dev.assay.core.config.ServerConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * How long and how many connections the service holds. A connection with no traffic for
 * {@code idleTimeout} is closed; one that has not completed its first request's headers within
 * {@code headerTimeout} is closed (a slow-header client holds nothing longer than that); at most
 * {@code maxConnections} are open in all and {@code maxConnectionsPerAddress} from one client
 * address, further ones are closed on accept.
 */
public record ConnectorLimits(Duration idleTimeout, Duration headerTimeout, int maxConnections, int maxConnectionsPerAddress) {
    public ConnectorLimits {
        positive(idleTimeout, "idleTimeout");
        positive(headerTimeout, "headerTimeout");
        if (maxConnections < 1) throw new IllegalArgumentException("maxConnections must be >= 1, but was " + maxConnections);
        if (maxConnectionsPerAddress < 1 || maxConnectionsPerAddress > maxConnections)
            throw new IllegalArgumentException("maxConnectionsPerAddress must be in 1.." + maxConnections + ", but was "
                    + maxConnectionsPerAddress);
    }

    /** 30 s idle, 10 s to send the headers, 1024 connections, 64 from one address. */
    public static ConnectorLimits defaults() {
        return new ConnectorLimits(Duration.ofSeconds(30), Duration.ofSeconds(10), 1024, 64);
    }

    /** The limits of the configuration's {@code server.idleTimeout}, {@code headerTimeout}, {@code maxConnections}, {@code maxConnectionsPerAddress}. */
    public static ConnectorLimits of(ServerConfig.Connections c) {
        return new ConnectorLimits(c.idleTimeout(), c.headerTimeout(), c.maxConnections(), c.maxConnectionsPerAddress());
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " must be positive, but was " + d);
    }
}
