package dev.assay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.AssayException;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.telemetry.Telemetry;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerLifecycleTest {
    @TempDir
    Path dir;

    /** A test-only route that takes about a second, registered through the module seam. */
    private static final class SlowModule implements ApiModule {
        final CountDownLatch entered = new CountDownLatch(1);
        final List<String> events;

        SlowModule(List<String> events) {
            this.events = events;
        }

        @Override
        public String name() {
            return "slow";
        }

        @Override
        public void register(Routes routes) {
            routes.get("/api/v1/test/slow", Access.anonymous(), "Answers after about one second", ctx -> {
                entered.countDown();
                Thread.sleep(1_000);
                events.add("request finished");
                ctx.result("done");
            });
        }
    }

    @Test
    void gracefulStopLetsAnInFlightRequestFinishBeforeClosingResources() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        SlowModule slow = new SlowModule(events);
        TestServer t = new TestServer(dir, Map.of(), List.of(slow));
        AssayServer server = t.server;
        CompletableFuture<HttpResponse<String>> inFlight = t.client.sendAsync(
                t.request("/api/v1/test/slow", null).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(slow.entered.await(10, TimeUnit.SECONDS)).isTrue();

        server.stop(); // blocks: grace period is 5 s, the request needs ~1 s
        events.add("stop returned");

        HttpResponse<String> r = inFlight.get(10, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("done");
        assertThat(events).containsExactly("request finished", "stop returned");
        assertThat(t.store.ping()).as("store closed after the request finished").isFalse();
        assertThatThrownBy(() -> t.get("/health/live", null)).isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void closeablesCloseInReverseRegistrationOrderAfterStop() throws Exception {
        List<String> closed = new CopyOnWriteArrayList<>();
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.port", "0", "dataDir", dir.toString()));
        try (var store = config.store().open(); var telemetry = Telemetry.create()) {
            AssayServer server = AssayServer.builder(config, telemetry, TokenService.create(store, Clock.systemUTC()))
                    .closeOnStop(() -> closed.add("store"))
                    .closeOnStop(() -> closed.add("ledger"))
                    .build().start();
            server.stop();
            server.stop(); // idempotent
            server.awaitStop();
            assertThat(closed).containsExactly("ledger", "store");
        }
    }

    @Test
    void readyIs503WhenTheStoreIsClosed() {
        try (TestServer t = new TestServer(dir)) {
            assertThat(t.get("/health/ready", null).statusCode()).isEqualTo(200);
            t.store.close();
            HttpResponse<String> r = t.get("/health/ready", null);
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"status\":\"DOWN\"").contains("\"store\":{\"status\":\"DOWN\"");
            assertThat(t.get("/health/live", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void publicMetricsNeedNoToken() {
        try (TestServer t = new TestServer(dir, Map.of("metrics.public", "true"), List.of())) {
            assertThat(t.get("/metrics", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void bindingABusyPortIsAnAssayException() {
        try (TestServer t = new TestServer(dir.resolve("a"))) {
            AssayConfig config = AssayConfig.load(null, Map.of(), Map.of(
                    "server.port", Integer.toString(t.server.port()), "dataDir", dir.resolve("b").toString()));
            List<String> closed = new CopyOnWriteArrayList<>();
            AssayServer second = AssayServer.builder(config, t.telemetry, t.tokens).closeOnStop(() -> closed.add("x")).build();
            assertThatThrownBy(second::start).isInstanceOf(AssayException.class).hasMessageContaining("cannot listen on");
            assertThat(closed).containsExactly("x");
        }
    }

    @Test
    void duplicateRoutesFailAtBuild() {
        ApiModule dup = new ApiModule() {
            @Override
            public String name() {
                return "dup";
            }

            @Override
            public void register(Routes routes) {
                routes.get("/health/live", Access.anonymous(), "again", ctx -> { });
            }
        };
        AssayConfig config = AssayConfig.load(null, Map.of(), Map.of("server.port", "0", "dataDir", dir.toString()));
        try (var store = config.store().open(); var telemetry = Telemetry.create()) {
            assertThatThrownBy(() -> AssayServer.builder(config, telemetry, TokenService.create(store, Clock.systemUTC()))
                    .module(dup).build())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("GET /health/live is registered by both health and dup");
        }
    }
}
