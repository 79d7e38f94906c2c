package dev.assay.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.core.store.Dialect;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssayConfigTest {
    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("assay.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaultsBindLoopbackWithSqliteInDataDir() {
        AssayConfig c = AssayConfig.defaults();
        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().maxRequestBytes()).isEqualTo(1 << 20);
        assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.dataDir()).isEqualTo(Path.of("assay-data").toAbsolutePath());
        assertThat(c.store().url()).isEqualTo("jdbc:sqlite:" + c.dataDir().resolve("assay.db"));
        assertThat(c.store().dialect()).isEqualTo(Dialect.SQLITE);
        assertThat(c.metrics().exposure()).isEqualTo(MetricsConfig.Exposure.VIEWER_TOKEN);
    }

    @Test
    void readsEveryKeyFromYaml() throws IOException {
        Path file = yaml("""
                dataDir: %s
                server:
                  host: 0.0.0.0
                  port: 9090
                  maxRequestBytes: 64KiB
                  shutdownGrace: 1500ms
                store:
                  url: jdbc:postgresql://db:5432/assay
                metrics:
                  public: true
                """.formatted(dir.resolve("data")));
        AssayConfig c = AssayConfig.load(file, Map.of(), Map.of());
        assertThat(c.dataDir()).isEqualTo(dir.resolve("data"));
        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 9090, 65_536, Duration.ofMillis(1500)));
        assertThat(c.store().dialect()).isEqualTo(Dialect.POSTGRESQL);
        assertThat(c.metrics().exposure()).isEqualTo(MetricsConfig.Exposure.PUBLIC);
    }

    @Test
    void environmentOverridesFileAndOverridesWinOverEnvironment() throws IOException {
        Path file = yaml("server:\n  port: 9090\n  host: 10.0.0.1\n");
        Map<String, String> env = Map.of(
                "ASSAY_SERVER_PORT", "7070",
                "ASSAY_DATA_DIR", dir.resolve("envdata").toString(),
                "ASSAY_SERVER_SHUTDOWN_GRACE", "PT3S",
                "ASSAY_METRICS_PUBLIC", "TRUE",
                "ASSAY_TEST_PG_URL", "unrelated variables are ignored");
        AssayConfig c = AssayConfig.load(file, env, Map.of("server.host", "127.0.0.2"));
        assertThat(c.server().port()).isEqualTo(7070);
        assertThat(c.server().host()).isEqualTo("127.0.0.2");
        assertThat(c.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.metrics().exposure()).isEqualTo(MetricsConfig.Exposure.PUBLIC);
        assertThat(c.store().url()).isEqualTo("jdbc:sqlite:" + dir.resolve("envdata").resolve("assay.db"));
    }

    @Test
    void storeUrlFromEnvironmentReplacesTheDerivedSqliteFile() {
        AssayConfig c = AssayConfig.load(null, Map.of("ASSAY_STORE_URL", "jdbc:postgresql://127.0.0.1/x"), Map.of());
        assertThat(c.store().url()).isEqualTo("jdbc:postgresql://127.0.0.1/x");
    }

    @Test
    void listsEveryProblemAtOnce() throws IOException {
        Path file = yaml("""
                server:
                  prot: 80
                  port: 70000
                  maxRequestBytes: -5
                store:
                  url: mysql://localhost/assay
                colour: blue
                """);
        assertThatThrownBy(() -> AssayConfig.load(file, Map.of("ASSAY_SERVER_SHUTDOWN_GRACE", "-1s"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid configuration: 6 problems")
                .hasMessageContaining("server: unknown key 'prot'; did you mean 'port'? (line 2)")
                .hasMessageContaining("unknown key 'colour'; expected one of dataDir, metrics, server, store (line 7)")
                .hasMessageContaining("server.port")
                .hasMessageContaining("70000")
                .hasMessageContaining("server.maxRequestBytes")
                .hasMessageContaining("store.url")
                .hasMessageContaining("mysql://localhost/assay")
                .hasMessageContaining("server.shutdownGrace: must not be negative, but was '-1s' (environment variable ASSAY_SERVER_SHUTDOWN_GRACE)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void rejectsScalarWhereSectionExpectedAndEmptyValues() throws IOException {
        Path file = yaml("server: 8080\nmetrics:\n  public:\n");
        assertThatThrownBy(() -> AssayConfig.load(file, Map.of(), Map.of()))
                .hasMessageContaining("server: must be a mapping, but was '8080' (line 1)")
                .hasMessageContaining("metrics.public: must be true or false, but was '' (line 3)");
    }

    @Test
    void rejectsDuplicateKeysAndMalformedYaml() throws IOException {
        Path dup = yaml("server:\n  port: 1\n  port: 2\n");
        assertThatThrownBy(() -> AssayConfig.load(dup, Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("port");
        Path bad = yaml("server: [unclosed\n");
        assertThatThrownBy(() -> AssayConfig.load(bad, Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not valid YAML");
    }

    @Test
    void missingFileIsInvalidInput() {
        assertThatThrownBy(() -> AssayConfig.load(dir.resolve("nope.yaml"), Map.of(), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("does not exist");
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        assertThat(AssayConfig.load(yaml(""), Map.of(), Map.of()).server()).isEqualTo(AssayConfig.defaults().server());
    }

    @Test
    void unknownOverrideKeyIsReported() {
        assertThatThrownBy(() -> AssayConfig.load(null, Map.of(), Map.of("server.bogus", "1")))
                .hasMessageContaining("unknown key 'server.bogus'");
    }

    @net.jqwik.api.Property(tries = 300)
    void arbitraryFilesEitherLoadOrFailWithInvalidInput(@net.jqwik.api.ForAll("yamlish") String text) throws IOException {
        Path file = Files.createTempFile("assay-fuzz", ".yaml");
        try {
            Files.writeString(file, text);
            AssayConfig.load(file, Map.of(), Map.of());
        } catch (InvalidInputException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        } finally {
            Files.delete(file);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> yamlish() {
        var tokens = net.jqwik.api.Arbitraries.of("server:", "\n", "  ", "port: ", "host: ", "store:", "url: ", "dataDir: ",
                "metrics:", "public: ", "8080", "-1", "true", "jdbc:sqlite:x", "[", "]", "{", "}", ",", "'", "\"", "#", "&a", "*a",
                "!!binary", "- ", "~", "1MiB", "20s", "maxRequestBytes: ", "shutdownGrace: ", "? ", ": ");
        return tokens.list().ofMaxSize(25).map(l -> String.join("", l));
    }

    @Test
    void realisticFile_readsAsWritten_andTheSameValuesFromTheEnvironmentGiveTheSameConfiguration() throws IOException {
        Path file;
        try (var in = AssayConfigTest.class.getResourceAsStream("/config/assay.yaml")) {
            file = Files.write(dir.resolve("prod.yaml"), in.readAllBytes());
        }
        AssayConfig fromFile = AssayConfig.load(file, Map.of(), Map.of());
        assertThat(fromFile).isEqualTo(new AssayConfig(Path.of("/var/lib/assay").toAbsolutePath(),
                new ServerConfig("0.0.0.0", 8443, 4L << 20, Duration.ofSeconds(90)),
                new StoreConfig("jdbc:postgresql://db.internal:5432/assay"), new MetricsConfig(MetricsConfig.Exposure.PUBLIC)));
        Map<String, String> env = Map.of("ASSAY_DATA_DIR", "/var/lib/assay", "ASSAY_SERVER_HOST", "0.0.0.0",
                "ASSAY_SERVER_PORT", "8443", "ASSAY_SERVER_MAX_REQUEST_BYTES", "4MiB", "ASSAY_SERVER_SHUTDOWN_GRACE", "1m30s",
                "ASSAY_STORE_URL", "jdbc:postgresql://db.internal:5432/assay", "ASSAY_METRICS_PUBLIC", "true");
        assertThat(AssayConfig.load(null, env, Map.of())).isEqualTo(fromFile);
    }

    @Test
    void durationsTakeTheOneGrammarFromEverySource() throws IOException {
        Path file = yaml("server:\n  shutdownGrace: 2d\n");
        assertThat(AssayConfig.load(file, Map.of(), Map.of()).server().shutdownGrace()).isEqualTo(Duration.ofDays(2));
        assertThat(AssayConfig.load(null, Map.of("ASSAY_SERVER_SHUTDOWN_GRACE", "1h30m"), Map.of()).server().shutdownGrace())
                .isEqualTo(Duration.ofMinutes(90));
        assertThat(AssayConfig.load(null, Map.of(), Map.of("server.shutdownGrace", "PT45S")).server().shutdownGrace())
                .isEqualTo(Duration.ofSeconds(45));
    }

    @Test
    void unknownOverrideKey_namesTheNearestKey() {
        assertThatThrownBy(() -> AssayConfig.load(null, Map.of(), Map.of("server.prot", "1")))
                .hasMessage("invalid configuration: 1 problem: unknown key 'server.prot' (override); did you mean 'server.port'?");
    }

    @Test
    void environmentMappingFollowsTheDocumentedRule() {
        assertThat(AssayConfig.environmentMapping()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "dataDir", "ASSAY_DATA_DIR",
                "server.host", "ASSAY_SERVER_HOST",
                "server.port", "ASSAY_SERVER_PORT",
                "server.maxRequestBytes", "ASSAY_SERVER_MAX_REQUEST_BYTES",
                "server.shutdownGrace", "ASSAY_SERVER_SHUTDOWN_GRACE",
                "store.url", "ASSAY_STORE_URL",
                "metrics.public", "ASSAY_METRICS_PUBLIC"));
    }

    @Test
    void recordsRejectBadValuesWithTheValueInTheMessage() {
        assertThatThrownBy(() -> new ServerConfig("127.0.0.1", -1, 1, Duration.ZERO)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new ServerConfig("bad host", 1, 1, Duration.ZERO)).hasMessageContaining("bad host");
        assertThatThrownBy(() -> new ServerConfig("h", 1, 0, Duration.ZERO)).hasMessageContaining("0");
        assertThatThrownBy(() -> new ServerConfig("h", 1, 1, Duration.ofSeconds(-2))).hasMessageContaining("PT-2S");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem")).hasMessageContaining("jdbc:h2:mem");
    }
}
