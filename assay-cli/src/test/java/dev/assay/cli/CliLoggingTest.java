package dev.assay.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One-shot commands keep the log off their output unless asked; what they do log is one readable line. */
class CliLoggingTest {
    private static final Logger LOG = LoggerFactory.getLogger("dev.assay.cli.test");

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private CliContext context(Map<String, String> env) {
        return new CliContext(env, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), Clock.systemUTC(),
                server -> {
                    throw new AssertionError("this test does not serve");
                });
    }

    private Path tinyRun() throws IOException {
        Files.writeString(dir.resolve("qrels"), "1 0 a 1\n1 0 b 0\n");
        Files.writeString(dir.resolve("run"), "1 Q0 a 1 2.0 r\n1 Q0 b 2 1.0 r\n");
        return dir;
    }

    @Test
    void rankEval_onATinyInput_printsNoLogLine() throws IOException {
        Path d = tinyRun();
        CliRun r = CliRun.run(Map.of(), "rank", "eval", "-m", "map", d.resolve("qrels").toString(), d.resolve("run").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("map");
    }

    @Test
    void verbose_isAcceptedOnEveryCommand_andAnUnknownLogLevelIsRefused() throws IOException {
        Path d = tinyRun();
        CliRun verbose = CliRun.run(Map.of(), "rank", "eval", "--verbose", "-m", "map", d.resolve("qrels").toString(),
                d.resolve("run").toString());
        assertThat(verbose.exitCode()).as(verbose.err()).isZero();
        CliRun loud = CliRun.run(Map.of("ASSAY_LOG_LEVEL", "loud"), "rank", "eval", "-m", "map", d.resolve("qrels").toString(),
                d.resolve("run").toString());
        assertThat(loud.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(loud.errLines()).singleElement().asString().contains("ASSAY_LOG_LEVEL", "'loud'");
        assertThat(CliRun.run(Map.of(), "models", "list", "--help").out()).contains("--verbose");
    }

    @Test
    void byDefault_onlyWarningsShow_asOneReadableLine() {
        try (CliLogging ignored = CliLogging.configure(context(Map.of()), CliLogging.Mode.ONE_SHOT, false)) {
            LOG.info("progress");
            LOG.warn("careful\nnow", new IllegalStateException("because"));
        }
        assertThat(err.toString()).isEqualTo("assay: warn: careful now (IllegalStateException: because)" + System.lineSeparator());
    }

    @Test
    void verbose_showsInfoAndAssayDebug() {
        try (CliLogging ignored = CliLogging.configure(context(Map.of()), CliLogging.Mode.ONE_SHOT, true)) {
            LOG.info("progress");
            LOG.debug("detail");
            LoggerFactory.getLogger("org.example").debug("library detail");
        }
        assertThat(err.toString().lines()).containsExactly("assay: info: progress", "assay: debug: detail");
    }

    @Test
    void logLevelVariable_setsTheLevel() {
        try (CliLogging ignored = CliLogging.configure(context(Map.of("ASSAY_LOG_LEVEL", "error")), CliLogging.Mode.ONE_SHOT, false)) {
            LOG.warn("hidden");
            LOG.error("shown");
        }
        assertThat(err.toString().lines()).containsExactly("assay: error: shown");
    }

    @Test
    void logFile_getsJsonLinesAtInfo_whileStderrStaysAtWarn() throws IOException {
        Path file = dir.resolve("assay.log");
        try (CliLogging ignored = CliLogging.configure(context(Map.of("ASSAY_LOG_FILE", file.toString())), CliLogging.Mode.ONE_SHOT,
                false)) {
            LOG.info("to the file");
            LOG.warn("to both");
        }
        assertThat(err.toString().lines()).containsExactly("assay: warn: to both");
        assertThat(Files.readAllLines(file)).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{").contains("\"level\""));
    }

    @Test
    void lucenesNotices_areDroppedUnlessVerbose() {
        java.util.logging.Logger vectorization = java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");
        try (CliLogging ignored = CliLogging.configure(context(Map.of()), CliLogging.Mode.ONE_SHOT, false)) {
            assertThat(vectorization.isLoggable(java.util.logging.Level.WARNING)).isFalse();
        }
        try (CliLogging ignored = CliLogging.configure(context(Map.of()), CliLogging.Mode.ONE_SHOT, true)) {
            assertThat(vectorization.isLoggable(java.util.logging.Level.WARNING)).isTrue();
        }
    }

    @Test
    void closing_restoresTheConfiguredLogging() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
        var before = root.getLevel();
        try (CliLogging ignored = CliLogging.configure(context(Map.of()), CliLogging.Mode.ONE_SHOT, false)) {
            assertThat(root.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
        }
        assertThat(root.getLevel()).isEqualTo(before);
        assertThatThrownBy(() -> CliLogging.level("chatty")).isInstanceOf(InvalidInputException.class).hasMessageContaining("chatty");
    }
}
