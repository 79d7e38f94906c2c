package dev.assay.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.filter.ThresholdFilter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.FileAppender;
import dev.assay.core.InvalidInputException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;
import org.slf4j.LoggerFactory;

/**
 * Where one invocation's log goes. A one-shot command logs WARN and above as one readable line
 * ({@code assay: warn: ...}) on its stderr; {@code --verbose} lowers that to INFO (DEBUG for Assay),
 * {@code ASSAY_LOG_LEVEL} sets it. {@code assay serve} keeps the configured JSON lines on stderr.
 * {@code ASSAY_LOG_FILE} also appends JSON lines to that file. Lucene's JUL notices are dropped unless verbose.
 */
final class CliLogging implements AutoCloseable {
    static final String LEVEL_VARIABLE = "ASSAY_LOG_LEVEL";
    static final String FILE_VARIABLE = "ASSAY_LOG_FILE";

    /** JUL holds loggers weakly; this reference keeps Lucene's level while the process runs. */
    private static final java.util.logging.Logger LUCENE = java.util.logging.Logger.getLogger("org.apache.lucene");

    /** How a command uses the log. */
    enum Mode {
        /** A command that runs and exits: readable lines, WARN and above unless asked. */
        ONE_SHOT,
        /** The service: the configured JSON lines, at the configured level unless asked. */
        SERVE
    }

    private final Logger root;
    private final Logger assay;
    private final Level rootLevel;
    private final Level assayLevel;
    private final java.util.logging.Level luceneLevel;
    private final List<Appender<ILoggingEvent>> detached = new ArrayList<>();
    private final List<Appender<ILoggingEvent>> added = new ArrayList<>();

    private CliLogging(Logger root, Logger assay) {
        this.root = root;
        this.assay = assay;
        this.rootLevel = root.getLevel();
        this.assayLevel = assay.getLevel();
        this.luceneLevel = LUCENE.getLevel();
    }

    /**
     * Routes logging for one invocation; closing restores what was there before.
     *
     * @throws InvalidInputException when {@code ASSAY_LOG_LEVEL} is not a level
     */
    static CliLogging configure(CliContext ctx, Mode mode, boolean verbose) {
        Level asked = level(ctx.env().get(LEVEL_VARIABLE));
        LoggerContext lc = (LoggerContext) LoggerFactory.getILoggerFactory();
        CliLogging logging = new CliLogging(lc.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME), lc.getLogger("dev.assay"));
        if (!verbose) LUCENE.setLevel(java.util.logging.Level.SEVERE);
        Level stderr = asked != null ? asked : verbose ? Level.INFO : mode == Mode.ONE_SHOT ? Level.WARN : null;
        if (stderr != null) {
            logging.root.setLevel(stderr);
            logging.assay.setLevel(verbose && asked == null ? Level.DEBUG : stderr);
        }
        List<Appender<ILoggingEvent>> stderrAppenders = logging.rootAppenders();
        if (mode == Mode.ONE_SHOT) {
            stderrAppenders.forEach(logging.root::detachAppender);
            logging.detached.addAll(stderrAppenders);
            stderrAppenders = List.of(logging.add(lc, new OneLineAppender(ctx.err(), verbose)));
        } else if (stderrAppenders.isEmpty()) { // the service logs JSON lines on stderr
            stderrAppenders = List.of(logging.add(lc, dev.assay.server.logging.JsonLogConfigurator.jsonToStderr(lc)));
        }
        String file = ctx.env().get(FILE_VARIABLE);
        if (file != null && !file.isBlank()) {
            Level fileLevel = asked != null ? asked : Level.INFO;
            Level stderrNow = logging.root.getEffectiveLevel();
            if (!fileLevel.isGreaterOrEqual(stderrNow)) { // the file wants more than stderr shows: open the level, filter stderr
                logging.root.setLevel(fileLevel);
                if (logging.assay.getEffectiveLevel().isGreaterOrEqual(fileLevel)) logging.assay.setLevel(fileLevel);
                for (Appender<ILoggingEvent> a : stderrAppenders) a.addFilter(threshold(lc, stderrNow));
            }
            FileAppender<ILoggingEvent> toFile = new FileAppender<>();
            toFile.setContext(lc);
            toFile.setFile(file);
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(lc);
            encoder.start();
            toFile.setEncoder(encoder);
            toFile.addFilter(threshold(lc, fileLevel));
            logging.add(lc, toFile);
        }
        return logging;
    }

    private static ThresholdFilter threshold(LoggerContext lc, Level level) {
        ThresholdFilter filter = new ThresholdFilter();
        filter.setLevel(level.levelStr);
        filter.setContext(lc);
        filter.start();
        return filter;
    }

    private List<Appender<ILoggingEvent>> rootAppenders() {
        List<Appender<ILoggingEvent>> all = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) all.add(it.next());
        return all;
    }

    private Appender<ILoggingEvent> add(LoggerContext lc, Appender<ILoggingEvent> appender) {
        appender.setContext(lc);
        appender.setName("assay-cli-" + added.size());
        appender.start();
        root.addAppender(appender);
        added.add(appender);
        return appender;
    }

    static Level level(String text) {
        if (text == null || text.isBlank()) return null;
        Level level = Level.toLevel(text.strip().toUpperCase(Locale.ROOT), null);
        if (level == null || !level.levelStr.equalsIgnoreCase(text.strip())) {
            throw new InvalidInputException(LEVEL_VARIABLE + " must be one of TRACE, DEBUG, INFO, WARN, ERROR or OFF, but was '" + text + "'");
        }
        return level;
    }

    @Override
    public void close() {
        for (Appender<ILoggingEvent> a : added) {
            root.detachAppender(a);
            a.stop();
        }
        detached.forEach(root::addAppender);
        root.setLevel(rootLevel);
        assay.setLevel(assayLevel);
        LUCENE.setLevel(luceneLevel);
    }

    /** One line per event on the command's stderr: {@code assay: warn: message (cause)}; the stack trace only when verbose. */
    static final class OneLineAppender extends AppenderBase<ILoggingEvent> {
        private final PrintWriter err;
        private final boolean stackTraces;

        OneLineAppender(PrintWriter err, boolean stackTraces) {
            this.err = err;
            this.stackTraces = stackTraces;
        }

        @Override
        protected void append(ILoggingEvent event) {
            StringBuilder line = new StringBuilder("assay: ").append(event.getLevel().levelStr.toLowerCase(Locale.ROOT)).append(": ")
                    .append(Main.oneLine(event.getFormattedMessage()));
            IThrowableProxy cause = event.getThrowableProxy();
            if (cause != null) {
                String name = cause.getClassName().substring(cause.getClassName().lastIndexOf('.') + 1);
                line.append(" (").append(name).append(": ").append(Main.oneLine(cause.getMessage())).append(')');
            }
            err.println(line);
            if (stackTraces && cause != null) err.println(ThrowableProxyUtil.asString(cause));
            err.flush();
        }
    }
}
