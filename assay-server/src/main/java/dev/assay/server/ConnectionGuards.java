package dev.assay.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connector of the service with its {@link ConnectorLimits}: Jetty's idle timeout and
 * {@link NetworkConnectionLimit} for the total, and two connection listeners Jetty does not
 * have, a deadline for the first request's headers and a cap per client address.
 */
final class ConnectionGuards {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuards.class);

    private ConnectionGuards() {}

    /** A connector on {@code host:port} guarded by {@code limits}. */
    static ServerConnector connector(Server server, HttpConfiguration http, String host, int port, ConnectorLimits limits) {
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        ServerConnector c = new ServerConnector(server, new HttpConnectionFactory(http));
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(limits.idleTimeout().toMillis());
        c.addBean(new HeaderDeadline(c, limits.headerTimeout().toMillis()));
        c.addBean(new PerAddressLimit(limits.maxConnectionsPerAddress()));
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), c));
        return c;
    }

    /** Closes a connection whose first request has not arrived in full within the deadline. */
    static final class HeaderDeadline implements Connection.Listener {
        private final ServerConnector connector;
        private final long millis;

        HeaderDeadline(ServerConnector connector, long millis) {
            this.connector = connector;
            this.millis = millis;
        }

        @Override
        public void onOpened(Connection connection) {
            connector.getScheduler().schedule(() -> {
                if (connection.getEndPoint().isOpen() && connection.getMessagesIn() == 0) {
                    LOG.info("closing connection from {}: no complete request headers within {} ms",
                            connection.getEndPoint().getRemoteSocketAddress(), millis);
                    connection.getEndPoint().close();
                }
            }, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onClosed(Connection connection) {}
    }

    /** Closes connections beyond {@code max} open at once from one client address. */
    static final class PerAddressLimit implements Connection.Listener {
        private final int max;
        private final ConcurrentHashMap<InetAddress, Integer> open = new ConcurrentHashMap<>();

        PerAddressLimit(int max) {
            this.max = max;
        }

        @Override
        public void onOpened(Connection connection) {
            InetAddress address = address(connection);
            if (address == null) return;
            int n = open.merge(address, 1, Integer::sum);
            if (n > max) {
                LOG.info("closing connection from {}: it already has {} open connections, the limit", address.getHostAddress(), max);
                connection.getEndPoint().close();
            }
        }

        @Override
        public void onClosed(Connection connection) {
            InetAddress address = address(connection);
            if (address != null) open.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
        }

        int openFrom(InetAddress address) {
            return open.getOrDefault(address, 0);
        }

        private static InetAddress address(Connection connection) {
            SocketAddress a = connection.getEndPoint().getRemoteSocketAddress();
            return a instanceof InetSocketAddress inet ? inet.getAddress() : null;
        }
    }
}
