package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import java.time.Duration;

/** How the HTTP service listens: bind address, port (0 = any free port), body limit, shutdown grace period, connection limits. */
public record ServerConfig(String host, int port, long maxRequestBytes, Duration shutdownGrace, Connections connections) {
    public ServerConfig {
        checkHost(host);
        checkPort(port);
        checkMaxRequestBytes(maxRequestBytes);
        checkShutdownGrace(shutdownGrace);
        java.util.Objects.requireNonNull(connections, "connections");
    }

    /**
     * How long and how many connections the service holds: a connection idle for {@code idleTimeout}
     * is closed, as is one that has not sent its first request's headers within {@code headerTimeout};
     * at most {@code maxConnections} in all and {@code maxConnectionsPerAddress} from one client address.
     */
    public record Connections(Duration idleTimeout, Duration headerTimeout, int maxConnections, int maxConnectionsPerAddress) {
        public Connections {
            checkPositive(idleTimeout, "idleTimeout");
            checkPositive(headerTimeout, "headerTimeout");
            checkAtLeastOne(maxConnections, "maxConnections");
            checkAtLeastOne(maxConnectionsPerAddress, "maxConnectionsPerAddress");
            if (maxConnectionsPerAddress > maxConnections) {
                throw new InvalidInputException("maxConnectionsPerAddress must be at most maxConnections " + maxConnections
                        + ", but was " + maxConnectionsPerAddress);
            }
        }
    }

    static Duration checkPositive(Duration d, String name) {
        if (d == null || d.isNegative() || d.isZero()) throw new InvalidInputException(name + " must be positive, but was " + d);
        return d;
    }

    static int checkAtLeastOne(int n, String name) {
        if (n < 1) throw new InvalidInputException(name + " must be >= 1, but was " + n);
        return n;
    }

    static String checkHost(String host) {
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9._:%\\[\\]-]+")) {
            throw new InvalidInputException("host must be a host name or IP address, but was '" + host + "'");
        }
        return host;
    }

    static int checkPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new InvalidInputException("port must be between 0 and 65535, but was " + port);
        }
        return port;
    }

    static long checkMaxRequestBytes(long bytes) {
        if (bytes <= 0) throw new InvalidInputException("maxRequestBytes must be positive, but was " + bytes);
        return bytes;
    }

    static Duration checkShutdownGrace(Duration grace) {
        if (grace == null || grace.isNegative()) {
            throw new InvalidInputException("shutdownGrace must not be negative, but was " + grace);
        }
        return grace;
    }
}
