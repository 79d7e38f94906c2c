package dev.assay.server;

import dev.assay.core.AssayException;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.config.MetricsConfig;
import dev.assay.core.config.ServerConfig;
import dev.assay.core.telemetry.HealthCheck;
import dev.assay.core.telemetry.Telemetry;
import dev.assay.server.dashboard.DashboardModule;
import dev.assay.server.health.HealthModule;
import dev.assay.server.metrics.MetricsModule;
import dev.assay.server.openapi.OpenApiModule;
import dev.assay.server.tokens.TokensModule;
import io.javalin.Javalin;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import io.javalin.util.JavalinException;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Assay HTTP service: Javalin on Jetty, bound to the configured host (127.0.0.1 by
 * default) and port (0 = any free one). It composes {@link ApiModule}s: the built-in health,
 * metrics, OpenAPI and token modules, then any given to {@link Builder#module}, then the
 * dashboard's page list gathered from them all. Every route is bearer-guarded by its declared
 * {@link Access}; every error is a JSON body. The web dashboard (static files from the jar) is
 * served at {@code /} and the API docs (Swagger UI on the OpenAPI document) at {@code /api/docs}.
 *
 * <p>{@link #stop()} shuts down gracefully: modules end their event streams
 * ({@link ApiModule#stopping()}), the connector stops accepting, in-flight requests
 * get up to {@code server.shutdownGrace} to finish, then the registered closeables close in
 * reverse registration order (last opened, first closed: the ledger before the store).
 */
public final class AssayServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AssayServer.class);

    private final Javalin app;
    private final ServerConfig config;
    private final List<RouteInfo> routes;
    private final List<AutoCloseable> closeables;
    private final List<ApiModule> modules;
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile int boundPort = -1;

    private AssayServer(Javalin app, ServerConfig config, List<RouteInfo> routes, List<AutoCloseable> closeables,
                        List<ApiModule> modules) {
        this.app = app;
        this.config = config;
        this.routes = routes;
        this.closeables = closeables;
        this.modules = modules;
    }

    /** A server for {@code config}, recording into {@code telemetry}, authenticating with {@code tokens}. */
    public static Builder builder(AssayConfig config, Telemetry telemetry, TokenService tokens) {
        return new Builder(config, telemetry, tokens);
    }

    /** Binds and starts serving; an {@link AssayException} when the address cannot be bound. */
    public AssayServer start() {
        if (!started.compareAndSet(false, true)) throw new IllegalStateException("server already started");
        try {
            app.start();
        } catch (JavalinException e) {
            closeAll();
            stopped.countDown();
            throw new AssayException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
        boundPort = app.port();
        LOG.info("assay server listening on {} with {} routes", uri(), routes.size());
        return this;
    }

    /** The bound port (the real one when configured as 0); stays known after {@link #stop()}. */
    public int port() {
        if (boundPort < 0) throw new IllegalStateException("server not started");
        return boundPort;
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI uri() {
        String host = config.host().contains(":") && !config.host().startsWith("[") ? "[" + config.host() + "]" : config.host();
        return URI.create("http://" + host + ":" + port());
    }

    /** Every route served, in registration order. */
    public List<RouteInfo> routes() {
        return routes;
    }

    /** Stops the server when the JVM shuts down (SIGTERM, SIGINT). */
    public AssayServer stopOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "assay-shutdown"));
        return this;
    }

    /** Graceful stop, then closes the registered closeables; idempotent, later callers wait for the first. */
    public void stop() {
        if (!stopping.compareAndSet(false, true)) {
            awaitStopUninterruptibly();
            return;
        }
        LOG.info("assay server stopping; in-flight requests have up to {} to finish", config.shutdownGrace());
        for (ApiModule m : modules) {
            try {
                m.stopping();
            } catch (RuntimeException e) { // the HTTP boundary: one module must not keep the others from stopping
                LOG.warn("module {} failed to prepare for stopping", m.name(), e);
            }
        }
        try {
            if (started.get()) app.stop();
        } catch (JavalinException e) {
            LOG.warn("server did not stop cleanly", e);
        } finally {
            closeAll();
            stopped.countDown();
            LOG.info("assay server stopped");
        }
    }

    /** Blocks until {@link #stop()} has finished. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitStopUninterruptibly() {
        boolean interrupted = false;
        while (true) {
            try {
                stopped.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private void closeAll() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            AutoCloseable c = closeables.get(i);
            try {
                c.close();
            } catch (Exception e) { // the HTTP boundary: a failing close must not stop the others
                LOG.warn("closing {} failed", c, e);
            }
        }
    }

    /** Composes modules, health checks and closeables into a server. */
    public static final class Builder {
        private final AssayConfig config;
        private final Telemetry telemetry;
        private final TokenService tokens;
        private final List<ApiModule> modules = new ArrayList<>();
        private final List<HealthCheck> healthChecks = new ArrayList<>();
        private final List<AutoCloseable> closeables = new ArrayList<>();
        private String version = versionOf(AssayServer.class);
        private ConnectorLimits limits;

        private Builder(AssayConfig config, Telemetry telemetry, TokenService tokens) {
            this.config = Objects.requireNonNull(config, "config");
            this.limits = ConnectorLimits.of(config.server().connections());
            this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
            this.tokens = Objects.requireNonNull(tokens, "tokens");
        }

        /** Adds a feature's routes and health checks. */
        public Builder module(ApiModule module) {
            modules.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        /** Adds a readiness check (e.g. the store's ping). */
        public Builder healthCheck(HealthCheck check) {
            healthChecks.add(Objects.requireNonNull(check, "check"));
            return this;
        }

        /** Closes {@code closeable} after the server stops; closeables close in reverse registration order. */
        public Builder closeOnStop(AutoCloseable closeable) {
            closeables.add(Objects.requireNonNull(closeable, "closeable"));
            return this;
        }

        /** The API version stated in the OpenAPI document. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Timeouts and connection caps of the connector; the configuration's {@code server.*} limits unless given. */
        public Builder limits(ConnectorLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        public AssayServer build() {
            ServerConfig server = config.server();
            List<HealthCheck> checks = new ArrayList<>(healthChecks);
            modules.forEach(m -> checks.addAll(m.healthChecks()));
            Access metricsAccess = config.metrics().exposure() == MetricsConfig.Exposure.PUBLIC
                    ? Access.anonymous() : Access.atLeast(Role.VIEWER);
            List<ApiModule> all = new ArrayList<>(List.of(
                    new HealthModule(checks), new MetricsModule(telemetry, metricsAccess),
                    new OpenApiModule(version), new TokensModule(tokens)));
            all.addAll(modules);
            all.add(new DashboardModule(all.stream().flatMap(m -> m.views().stream()).toList()));
            Routes table = Routes.newTable();
            for (ApiModule m : all) m.register(table.forModule(m.name()));

            BearerGuard guard = new BearerGuard(tokens, server.maxRequestBytes());
            ErrorResponses errors = new ErrorResponses(server.maxRequestBytes());
            JsonErrorHandler jettyErrors = new JsonErrorHandler(server.maxRequestBytes());
            Javalin app = Javalin.create(cfg -> {
                cfg.startup.showJavalinBanner = false;
                cfg.startup.startupWatcherEnabled = false;
                cfg.jetty.addConnector((s, http) -> ConnectionGuards.connector(s, http, server.host(), server.port(), limits));
                cfg.http.maxRequestSize = server.maxRequestBytes();
                cfg.http.prefer405over404 = true;
                cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
                cfg.jetty.modifyServer(s -> {
                    s.setStopTimeout(server.shutdownGrace().toMillis());
                    s.setStopAtShutdown(false);
                    s.insertHandler(new GracefulHandler());
                    s.setErrorHandler(jettyErrors);
                });
                cfg.jetty.modifyServletContextHandler(h -> {
                    h.setErrorHandler(jettyErrors);
                    h.addFilter(new FilterHolder(new RequestFilter(telemetry.registry())), "/*", EnumSet.of(DispatcherType.REQUEST));
                });
                for (Routes.Route r : table.routes()) {
                    cfg.routes.addHttpHandler(HandlerType.findOrCreate(r.info().method().name()), r.info().path(),
                            guard.guard(r.info(), r.handler()));
                }
                DashboardAssets.install(cfg);
                errors.install(cfg.routes);
            });
            return new AssayServer(app, server, table.all(), List.copyOf(closeables), List.copyOf(all));
        }

        private static String versionOf(Class<?> type) {
            String v = type.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
