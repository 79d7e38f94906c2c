package dev.assay.server.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;
import java.util.Map;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * Assay's logging configuration, in code rather than XML (Logback finds it through the
 * {@code ServiceLoader} before any file): INFO and up as one JSON object per line on stderr with the
 * MDC (requestId), quiet libraries, no status chatter on stderr. With the system property
 * {@code assay.logging=cli} (the command line sets it) no appender is added: each command adds what
 * it needs, so a one-shot command never starts the JSON encoder.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {
    /** The system property that leaves the appenders to the command line. */
    public static final String MODE_PROPERTY = "assay.logging";

    private static final Map<String, Level> QUIET = Map.of(
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN,
            "org.eclipse.jetty", Level.WARN,
            "io.javalin", Level.WARN,
            "ai.djl", Level.ERROR); // the embedding runtime probes for CUDA on every load and warns that none is there

    @Override
    public ExecutionStatus configure(LoggerContext lc) {
        NopStatusListener quiet = new NopStatusListener();
        lc.getStatusManager().add(quiet);
        QUIET.forEach((name, level) -> lc.getLogger(name).setLevel(level));
        lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        if (!"cli".equals(System.getProperty(MODE_PROPERTY))) {
            ConsoleAppender<ILoggingEvent> json = jsonToStderr(lc);
            json.start();
            lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(json);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** An appender (not yet started) writing one JSON object per event to stderr. */
    public static ConsoleAppender<ILoggingEvent> jsonToStderr(LoggerContext lc) {
        ConsoleAppender<ILoggingEvent> json = new ConsoleAppender<>();
        json.setContext(lc);
        json.setName("JSON");
        json.setTarget("System.err");
        LogstashEncoder encoder = new LogstashEncoder();
        encoder.setContext(lc);
        encoder.start();
        json.setEncoder(encoder);
        return json;
    }
}
