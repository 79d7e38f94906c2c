package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.auth.Principal;
import dev.assay.core.auth.Role;
import dev.assay.core.auth.TokenService;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.store.Store;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;

    private Map<String, String> env;

    @BeforeEach
    void env() {
        env = Map.of("ASSAY_DATA_DIR", dir.toString());
    }

    private static void assertUsageError(CliRun r, String fragment) {
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.errLines()).hasSize(1);
        assertThat(r.errLines().get(0)).startsWith("assay: ").contains(fragment);
        assertThat(r.err()).doesNotContain("\tat ").doesNotContain("Exception");
    }

    @Test
    void unknownOptionExits2WithOneStderrLine() {
        CliRun r = CliRun.run(env, "serve", "--bogus");
        assertUsageError(r, "--bogus");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void missingSubcommandExits2() {
        assertUsageError(CliRun.run(env, "tokens"), "missing subcommand");
        assertUsageError(CliRun.run(env, "tokens", "create"), "--role");
    }

    @Test
    void badValuesExit2() {
        assertUsageError(CliRun.run(env, "serve", "--port", "abc"), "abc");
        assertUsageError(CliRun.run(env, "tokens", "create", "--role", "root"), "role must be one of viewer, operator, admin");
        assertUsageError(CliRun.run(env, "tokens", "revoke", "x"), "'x'");
    }

    @Test
    void invalidConfigurationListsEveryProblemOnOneLine() {
        CliRun r = CliRun.run(Map.of("ASSAY_DATA_DIR", dir.toString(), "ASSAY_SERVER_PORT", "99999",
                "ASSAY_STORE_URL", "http://example"), "serve", "--host", "bad host");
        assertUsageError(r, "invalid configuration: 3 problems");
        assertThat(r.err()).contains("server.port").contains("server.host").contains("store.url");
    }

    @Test
    void missingConfigFileExits2() throws Exception {
        assertUsageError(CliRun.run(env, "tokens", "list", "--config", dir.resolve("none.yaml").toString()), "does not exist");
        Path cfg = dir.resolve("assay.yaml");
        Files.writeString(cfg, "server:\n  colour: red\n");
        assertUsageError(CliRun.run(env, "tokens", "list", "--config", cfg.toString()), "server: unknown key 'colour'; expected one of headerTimeout, host, idleTimeout, maxConnections, maxConnectionsPerAddress, maxRequestBytes, port, shutdownGrace (line 2)");
    }

    @Test
    void helpAndVersionExit0() {
        CliRun help = CliRun.run(env, "--help");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("serve").contains("tokens").contains("version");
        CliRun version = CliRun.run(env, "version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.outLines()).singleElement().asString()
                .startsWith("assay ").contains("Java " + Runtime.version().feature());
    }

    @Test
    void tokensCreatePrintsATokenThatThenAuthenticates() {
        CliRun r = CliRun.run(env, "tokens", "create", "--role", "operator", "--name", "ci");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.outLines()).hasSize(1);
        String secret = r.outLines().get(0);
        assertThat(secret).startsWith("assay_");
        assertThat(r.err()).contains("not shown again").doesNotContain(secret);

        try (Store store = AssayConfig.load(null, env, Map.of()).store().open()) {
            Optional<Principal> p = TokenService.create(store, Clock.systemUTC()).authenticate(secret);
            assertThat(p).hasValueSatisfying(pr -> {
                assertThat(pr.role()).isEqualTo(Role.OPERATOR);
                assertThat(pr.name()).isEqualTo("ci");
            });
        }
    }

    @Test
    void tokensListNeverShowsSecretsAndRevokeWorksOnce() {
        String secret = CliRun.run(env, "tokens", "create", "--role", "admin").outLines().get(0);
        CliRun list = CliRun.run(env, "tokens", "list");
        assertThat(list.exitCode()).isZero();
        assertThat(list.outLines()).hasSize(2);
        assertThat(list.outLines().get(1)).contains("admin").endsWith("-");
        assertThat(list.out()).doesNotContain(secret);

        CliRun revoke = CliRun.run(env, "tokens", "revoke", "1");
        assertThat(revoke.exitCode()).isZero();
        assertThat(revoke.out()).contains("revoked token 1");
        assertThat(CliRun.run(env, "tokens", "list").outLines().get(1)).doesNotEndWith("-");
        assertUsageError(CliRun.run(env, "tokens", "revoke", "1"), "already revoked");
        assertUsageError(CliRun.run(env, "tokens", "revoke", "42"), "no token with id 42");
    }

    @Test
    void servePrintsTheBoundUrlAndServesUntilStopped() {
        AtomicReference<String> printed = new AtomicReference<>();
        AtomicInteger liveStatus = new AtomicInteger();
        CliRun[] holder = new CliRun[1];
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        holder[0] = CliRun.run(env, server -> {
            printed.set("listening on " + server.uri());
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.uri() + "/health/live"))
                        .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                liveStatus.set(r.statusCode());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            } finally {
                server.stop();
            }
        }, "serve", "--port", "0", "--host", "127.0.0.1");
        CliRun r = holder[0];
        assertThat(r.exitCode()).as(r.err()).isZero();
        String base = printed.get().substring("listening on ".length());
        assertThat(r.outLines()).containsExactly(printed.get(), "dashboard at " + base
                + "/ (log in with a token from 'assay tokens create --role viewer'); API docs at " + base + "/api/docs");
        assertThat(printed.get()).matches("listening on http://127\\.0\\.0\\.1:\\d+");
        assertThat(liveStatus.get()).isEqualTo(200);
        assertThat(Files.exists(dir.resolve("assay.db"))).isTrue();
    }

    @Test
    void serveOnABadPortExits2() {
        assertUsageError(CliRun.run(env, "serve", "--port", "70000"), "server.port");
    }
}
