package dev.assay.server;

import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.store.Store;
import dev.assay.core.telemetry.HealthCheck;
import dev.assay.core.telemetry.Telemetry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A server on 127.0.0.1:0 over a temporary SQLite store, with one token per role, and an HTTP/1.1 client. */
final class TestServer implements AutoCloseable {
    final Store store;
    final TokenService tokens;
    final Telemetry telemetry;
    final AssayServer server;
    final String viewer;
    final String operator;
    final String admin;
    final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    TestServer(Path dir, Map<String, String> configOverrides, List<ApiModule> modules) {
        this(dir, configOverrides, store -> modules);
    }

    /** A server whose modules are built over its store (and closed with it, in reverse order). */
    TestServer(Path dir, Map<String, String> configOverrides, java.util.function.Function<Store, List<ApiModule>> modules) {
        this(dir, configOverrides, (store, telemetry) -> modules.apply(store));
    }

    /** A server whose modules are built over its store and record into its telemetry (so their meters are on /metrics). */
    TestServer(Path dir, Map<String, String> configOverrides,
               java.util.function.BiFunction<Store, Telemetry, List<ApiModule>> modules) {
        this(dir, configOverrides, ConnectorLimits.defaults(), modules);
    }

    /** As above, with the connector's timeouts and caps given. */
    TestServer(Path dir, Map<String, String> configOverrides, ConnectorLimits limits,
               java.util.function.BiFunction<Store, Telemetry, List<ApiModule>> modules) {
        Map<String, String> overrides = new HashMap<>(Map.of(
                "server.port", "0", "dataDir", dir.toString(), "server.shutdownGrace", "5s"));
        overrides.putAll(configOverrides);
        AssayConfig config = AssayConfig.load(null, Map.of(), overrides);
        store = config.store().open();
        tokens = TokenService.create(store, Clock.systemUTC());
        telemetry = Telemetry.create();
        viewer = tokens.create("viewer", Role.VIEWER).secret();
        operator = tokens.create("operator", Role.OPERATOR).secret();
        admin = tokens.create("admin", Role.ADMIN).secret();
        AssayServer.Builder b = AssayServer.builder(config, telemetry, tokens)
                .healthCheck(HealthCheck.of("store", store::ping))
                .closeOnStop(telemetry)
                .closeOnStop(store)
                .limits(limits);
        modules.apply(store, telemetry).forEach(b::module);
        server = b.build().start();
    }

    TestServer(Path dir) {
        this(dir, Map.of(), List.of());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.uri() + path)).timeout(Duration.ofSeconds(10));
        if (token != null) b.header("Authorization", "Bearer " + token);
        return b;
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    HttpResponse<String> post(String path, String token, String json) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    @Override
    public void close() {
        server.stop();
    }
}
