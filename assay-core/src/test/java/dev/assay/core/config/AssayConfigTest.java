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
    static final ServerConfig.Connections DEFAULT_CONNECTIONS =
            new ServerConfig.Connections(Duration.ofSeconds(30), Duration.ofSeconds(10), 1024, 64);

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
    void dataDirOrigin_namesTheSourceThatWins() throws IOException {
        Path withDataDir = yaml("dataDir: /srv/assay\n");
        Path withoutDataDir = dir.resolve("other.yaml");
        Files.writeString(withoutDataDir, "server:\n  port: 9090\n");
        Map<String, String> env = Map.of("ASSAY_DATA_DIR", "/env/assay");
        assertThat(AssayConfig.dataDirOrigin(null, Map.of(), Map.of())).isEqualTo(ConfigOrigin.DEFAULT);
        assertThat(AssayConfig.dataDirOrigin(withoutDataDir, Map.of(), Map.of())).isEqualTo(ConfigOrigin.DEFAULT);
        assertThat(AssayConfig.dataDirOrigin(withDataDir, Map.of(), Map.of())).isEqualTo(ConfigOrigin.FILE);
        assertThat(AssayConfig.dataDirOrigin(withDataDir, env, Map.of())).isEqualTo(ConfigOrigin.ENVIRONMENT);
        assertThat(AssayConfig.dataDirOrigin(withDataDir, env, Map.of("dataDir", "/flag"))).isEqualTo(ConfigOrigin.OVERRIDE);
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
        assertThat(c.server()).isEqualTo(new ServerConfig("0.0.0.0", 9090, 65_536, Duration.ofMillis(1500), DEFAULT_CONNECTIONS));
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
                .hasMessageContaining("unknown key 'colour'; expected one of alerts, dataDir, ledger, llm, metrics, monitors, server, store (line 7)")
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
                "!!binary", "- ", "~", "1MiB", "20s", "maxRequestBytes: ", "shutdownGrace: ", "? ", ": ",
                "alerts:", "channels:", "name: ", "type: ", "webhook", "pagerduty", "log", "routingKey: ", "http://127.0.0.1/x",
                "minSeverity: ", "WARNING", "rateLimit:", "permits: ", "period: ", "backoff:", "monitors:", "ranking:",
                "maxConnections: ", "idleTimeout: ");
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
                new ServerConfig("0.0.0.0", 8443, 4L << 20, Duration.ofSeconds(90),
                        new ServerConfig.Connections(Duration.ofSeconds(60), Duration.ofSeconds(5), 4096, 128)),
                new StoreConfig("jdbc:postgresql://db.internal:5432/assay"), new MetricsConfig(MetricsConfig.Exposure.PUBLIC),
                new AlertsConfig(Duration.ofMinutes(10), AlertsConfig.logOnly()), MonitorsConfig.none(), LedgerConfig.none(), LlmConfig.none()));
        Map<String, String> env = Map.ofEntries(Map.entry("ASSAY_DATA_DIR", "/var/lib/assay"), Map.entry("ASSAY_SERVER_HOST", "0.0.0.0"),
                Map.entry("ASSAY_SERVER_PORT", "8443"), Map.entry("ASSAY_SERVER_MAX_REQUEST_BYTES", "4MiB"),
                Map.entry("ASSAY_SERVER_SHUTDOWN_GRACE", "1m30s"), Map.entry("ASSAY_SERVER_IDLE_TIMEOUT", "1m"),
                Map.entry("ASSAY_SERVER_HEADER_TIMEOUT", "5s"), Map.entry("ASSAY_SERVER_MAX_CONNECTIONS", "4096"),
                Map.entry("ASSAY_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "128"),
                Map.entry("ASSAY_STORE_URL", "jdbc:postgresql://db.internal:5432/assay"), Map.entry("ASSAY_METRICS_PUBLIC", "true"),
                Map.entry("ASSAY_ALERTS_DEDUP_WINDOW", "10m"));
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
        assertThat(AssayConfig.environmentMapping()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("dataDir", "ASSAY_DATA_DIR"),
                Map.entry("server.host", "ASSAY_SERVER_HOST"),
                Map.entry("server.port", "ASSAY_SERVER_PORT"),
                Map.entry("server.maxRequestBytes", "ASSAY_SERVER_MAX_REQUEST_BYTES"),
                Map.entry("server.shutdownGrace", "ASSAY_SERVER_SHUTDOWN_GRACE"),
                Map.entry("server.idleTimeout", "ASSAY_SERVER_IDLE_TIMEOUT"),
                Map.entry("server.headerTimeout", "ASSAY_SERVER_HEADER_TIMEOUT"),
                Map.entry("server.maxConnections", "ASSAY_SERVER_MAX_CONNECTIONS"),
                Map.entry("server.maxConnectionsPerAddress", "ASSAY_SERVER_MAX_CONNECTIONS_PER_ADDRESS"),
                Map.entry("store.url", "ASSAY_STORE_URL"),
                Map.entry("metrics.public", "ASSAY_METRICS_PUBLIC"),
                Map.entry("alerts.dedupWindow", "ASSAY_ALERTS_DEDUP_WINDOW"),
                Map.entry("ledger.witnesses", "ASSAY_LEDGER_WITNESSES"),
                Map.entry("ledger.witnessEvery", "ASSAY_LEDGER_WITNESS_EVERY"),
                Map.entry("llm.provider", "ASSAY_LLM_PROVIDER"),
                Map.entry("llm.baseUrl", "ASSAY_LLM_BASE_URL"),
                Map.entry("llm.apiKeyEnv", "ASSAY_LLM_API_KEY_ENV"),
                Map.entry("llm.model", "ASSAY_LLM_MODEL"),
                Map.entry("llm.budgetPerHour", "ASSAY_LLM_BUDGET_PER_HOUR"),
                Map.entry("llm.prices", "ASSAY_LLM_PRICES"),
                Map.entry("llm.timeout", "ASSAY_LLM_TIMEOUT"),
                Map.entry("llm.maxAttempts", "ASSAY_LLM_MAX_ATTEMPTS"),
                Map.entry("llm.requestsPerMinute", "ASSAY_LLM_REQUESTS_PER_MINUTE"),
                Map.entry("llm.deadline", "ASSAY_LLM_DEADLINE")));
    }

    @Test
    void theLlmSectionNamesTheModelTheProxyForwardsTo() {
        LlmConfig llm = AssayConfig.load(null, Map.of("ASSAY_LLM_PROVIDER", "openai", "ASSAY_LLM_MODEL", "gpt-4o-mini",
                "ASSAY_LLM_BUDGET_PER_HOUR", "2.5", "ASSAY_LLM_API_KEY_ENV", "OPENAI_API_KEY"), Map.of()).llm();
        assertThat(llm.provider()).contains("openai");
        assertThat(llm.effectiveBaseUrl()).contains(java.net.URI.create("https://api.openai.com/v1"));
        assertThat(llm.budgetPerHour()).contains(2.5);
        assertThat(llm.apiKeyEnv()).contains("OPENAI_API_KEY");
        assertThat(AssayConfig.defaults().llm()).isEqualTo(LlmConfig.none());
        assertThatThrownBy(() -> AssayConfig.load(null, Map.of(), Map.of("llm.provider", "azure", "llm.budgetPerHour", "-1")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("llm.provider").hasMessageContaining("must be openai or anthropic")
                .hasMessageContaining("llm.budgetPerHour").hasMessageContaining("positive number");
        assertThatThrownBy(() -> AssayConfig.load(null, Map.of(), Map.of("llm.provider", "anthropic")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("llm.model");
    }

    @Test
    void theProxysClientTriesFor30SecondsThreeTimesAt50AMinuteUnlessConfigured() throws IOException {
        assertThat(AssayConfig.defaults().llm().client()).isEqualTo(new LlmConfig.Client(Duration.ofSeconds(30), 3, 50));
        assertThat(AssayConfig.defaults().llm().client().deadline()).isEqualTo(Duration.ofMinutes(2));
        Path file = yaml("llm:\n  provider: openai\n  model: m\n  timeout: 45s\n  maxAttempts: 2\n  deadline: 90s\n");
        LlmConfig.Client c = AssayConfig.load(file, Map.of("ASSAY_LLM_REQUESTS_PER_MINUTE", "500"), Map.of()).llm().client();
        assertThat(c).isEqualTo(new LlmConfig.Client(Duration.ofSeconds(45), 2, 500, Duration.ofSeconds(90)));
        assertThatThrownBy(() -> AssayConfig.load(null, Map.of("ASSAY_LLM_DEADLINE", "2d"), Map.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("llm.deadline").hasMessageContaining("at most 24h");
        assertThatThrownBy(() -> AssayConfig.load(null, Map.of("ASSAY_LLM_TIMEOUT", "0s", "ASSAY_LLM_MAX_ATTEMPTS", "0",
                "ASSAY_LLM_REQUESTS_PER_MINUTE", "-5"), Map.of()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("llm.timeout").hasMessageContaining("positive duration")
                .hasMessageContaining("llm.maxAttempts").hasMessageContaining("[1, 20]")
                .hasMessageContaining("llm.requestsPerMinute").hasMessageContaining("-5");
        assertThatThrownBy(() -> new LlmConfig.Client(Duration.ofSeconds(1), 21, 50)).hasMessageContaining("maxAttempts").hasMessageContaining("21");
    }

    @Test
    void ledgerWitnesses_areReadFromTheFileOrTheEnvironment_andBadOnesNamed() throws IOException {
        String a = dev.assay.core.tlog.CosignerKey.generate("w.example/a", new java.security.SecureRandom()).verifierOnly().verifierKey();
        String b = dev.assay.core.tlog.CosignerKey.generate("w.example/b", new java.security.SecureRandom()).verifierOnly().verifierKey();
        LedgerConfig fromEnv = AssayConfig.load(null, Map.of("ASSAY_LEDGER_WITNESSES", a + "=https://a.example, " + b + "=http://b.example:7380",
                "ASSAY_LEDGER_WITNESS_EVERY", "5m"), Map.of()).ledger();
        assertThat(fromEnv.witnesses()).extracting(w -> w.key().name() + " " + w.url())
                .containsExactly("w.example/a https://a.example", "w.example/b http://b.example:7380");
        assertThat(fromEnv.witnessEvery()).isEqualTo(Duration.ofMinutes(5));
        Path file = yaml("ledger:\n  witnesses: " + a + "=https://a.example\n  witnessEvery: 30s\n");
        assertThat(AssayConfig.load(file, Map.of(), Map.of()).ledger().witnesses()).hasSize(1);
        assertThat(AssayConfig.defaults().ledger()).isEqualTo(LedgerConfig.none());
        assertThatThrownBy(() -> AssayConfig.load(null, Map.of("ASSAY_LEDGER_WITNESSES", "https://a.example",
                "ASSAY_LEDGER_WITNESS_EVERY", "500ms"), Map.of()))
                .hasMessageContaining("ledger.witnesses").hasMessageContaining("VKEY=URL")
                .hasMessageContaining("ledger.witnessEvery").hasMessageContaining("at least 1s");
    }

    @Test
    void recordsRejectBadValuesWithTheValueInTheMessage() {
        assertThatThrownBy(() -> new ServerConfig("127.0.0.1", -1, 1, Duration.ZERO, DEFAULT_CONNECTIONS)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new ServerConfig("bad host", 1, 1, Duration.ZERO, DEFAULT_CONNECTIONS)).hasMessageContaining("bad host");
        assertThatThrownBy(() -> new ServerConfig("h", 1, 0, Duration.ZERO, DEFAULT_CONNECTIONS)).hasMessageContaining("0");
        assertThatThrownBy(() -> new ServerConfig("h", 1, 1, Duration.ofSeconds(-2), DEFAULT_CONNECTIONS)).hasMessageContaining("PT-2S");
        assertThatThrownBy(() -> new ServerConfig.Connections(Duration.ofSeconds(1), Duration.ofSeconds(1), 8, 9))
                .hasMessageContaining("maxConnectionsPerAddress").hasMessageContaining("9");
        assertThatThrownBy(() -> new ServerConfig.Connections(Duration.ZERO, Duration.ofSeconds(1), 8, 1)).hasMessageContaining("idleTimeout");
        assertThatThrownBy(() -> new StoreConfig("jdbc:h2:mem")).hasMessageContaining("jdbc:h2:mem");
    }

    @Test
    void connectionLimits_defaultToTheServersAndComeFromFileAndEnvironment() throws IOException {
        assertThat(AssayConfig.defaults().server().connections()).isEqualTo(DEFAULT_CONNECTIONS);
        Path file = yaml("server:\n  idleTimeout: 2m\n  headerTimeout: 3s\n  maxConnections: 100\n");
        AssayConfig c = AssayConfig.load(file, Map.of("ASSAY_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "7"), Map.of());
        assertThat(c.server().connections()).isEqualTo(
                new ServerConfig.Connections(Duration.ofMinutes(2), Duration.ofSeconds(3), 100, 7));
    }

    @Test
    void connectionLimits_everyBadValueIsReportedWithItsLineOrVariable() throws IOException {
        Path file = yaml("server:\n  idleTimeout: 0s\n  headerTimeout: soon\n  maxConnections: 0\n");
        assertThatThrownBy(() -> AssayConfig.load(file, Map.of("ASSAY_SERVER_MAX_CONNECTIONS_PER_ADDRESS", "-3"), Map.of()))
                .hasMessageStartingWith("invalid configuration: 4 problems")
                .hasMessageContaining("server.idleTimeout: idleTimeout must be positive, but was PT0S (line 2)")
                .hasMessageContaining("server.headerTimeout: must be a duration like")
                .hasMessageContaining("server.maxConnections: maxConnections must be >= 1, but was 0 (line 4)")
                .hasMessageContaining("server.maxConnectionsPerAddress: maxConnectionsPerAddress must be >= 1, but was -3 "
                        + "(environment variable ASSAY_SERVER_MAX_CONNECTIONS_PER_ADDRESS)");
    }

    @Test
    void connectionLimits_perAddressAboveTheTotalIsAProblemAtItsLine() throws IOException {
        Path file = yaml("server:\n  maxConnections: 10\n  maxConnectionsPerAddress: 11\n");
        assertThatThrownBy(() -> AssayConfig.load(file, Map.of(), Map.of()))
                .hasMessage("invalid configuration: 1 problem: server.maxConnectionsPerAddress: "
                        + "must be at most server.maxConnections 10, but was 11 (line 3)");
    }

    @Test
    void monitorsSection_isKeptRawWithItsPathAndLinesForItsOwnReader() throws IOException {
        Path file = yaml("server:\n  port: 9090\nmonitors:\n  ranking:\n    alpha: 0.7\n    colour: red\n");
        AssayConfig c = AssayConfig.load(file, Map.of(), Map.of());
        var section = c.monitors().ranking().orElseThrow();
        assertThat(section.path()).isEqualTo("monitors.ranking");
        var doc = section.document();
        var m = doc.root();
        m.allowOnly("alpha");
        double alpha = m.number("alpha", 0.05);
        if (alpha >= 0.5) m.problem("alpha", "must be in (0, 0.5), but was " + alpha);
        assertThatThrownBy(() -> doc.finish(() -> alpha))
                .hasMessage("invalid configuration: 2 problems: monitors.ranking: unknown key 'colour'; expected one of alpha (line 6); "
                        + "monitors.ranking.alpha: must be in (0, 0.5), but was 0.7 (line 5)");
        assertThat(section.document().problems().isEmpty()).as("every document of a section starts clean").isTrue();
        assertThat(AssayConfig.defaults().monitors().ranking()).isEmpty();
    }

    @Test
    void monitorsSection_mustBeAMappingAndTakesNoOtherCapabilities() throws IOException {
        Path file = yaml("monitors:\n  ranking: 3\n  fingerprint: {}\n");
        assertThatThrownBy(() -> AssayConfig.load(file, Map.of(), Map.of()))
                .hasMessageContaining("monitors: unknown key 'fingerprint'")
                .hasMessageContaining("monitors.ranking: must be a mapping, but was '3' (line 2)");
    }
}
