package dev.assay.cli;

import dev.assay.server.AssayServer;

/** How long {@code assay serve} runs a started server: until SIGTERM/SIGINT in production, as a test decides in tests. */
@FunctionalInterface
public interface ServeLifetime {
    /** Returns once {@code server} has stopped. */
    void runUntilStopped(AssayServer server) throws InterruptedException;

    /** Stops the server from a JVM shutdown hook (SIGTERM, SIGINT) and waits for that. */
    static ServeLifetime untilShutdownSignal() {
        return server -> {
            server.stopOnShutdown();
            server.awaitStop();
        };
    }
}
