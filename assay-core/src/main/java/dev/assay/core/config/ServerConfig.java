package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import java.time.Duration;

/** How the HTTP service listens: bind address, port (0 = any free port), body limit, shutdown grace period. */
public record ServerConfig(String host, int port, long maxRequestBytes, Duration shutdownGrace) {
    public ServerConfig {
        checkHost(host);
        checkPort(port);
        checkMaxRequestBytes(maxRequestBytes);
        checkShutdownGrace(shutdownGrace);
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
