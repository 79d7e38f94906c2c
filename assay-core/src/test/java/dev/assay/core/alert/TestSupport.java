package dev.assay.core.alert;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;

/** Polling with a deadline, alert builders, gated threads and log capture for the alert tests. */
final class TestSupport {
    static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(10);

    private TestSupport() {}

    /** Polls {@code condition} every 5 ms until it holds; fails the test after {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    static Alert alert(String id, Severity severity, String dedupKey) {
        return new Alert(id, T0, severity, "test", "title " + id, "detail of " + id, dedupKey, Map.of("env", "test"));
    }

    static Alert alert(String id, Severity severity) {
        return alert(id, severity, "key-" + id);
    }

    /** Threads that wait for {@code gate} before running their task (bounded by 10 s). */
    static ThreadFactory gated(CountDownLatch gate) {
        return task -> {
            Thread t = new Thread(() -> {
                try {
                    if (!gate.await(10, TimeUnit.SECONDS)) return;
                } catch (InterruptedException e) {
                    return;
                }
                task.run();
            }, "gated-alerts");
            t.setDaemon(true);
            return t;
        };
    }

    /** Captures the events of {@code loggerName}, instead of printing them, until {@link Capture#close()}. */
    static Capture captureLog(String loggerName) {
        return new Capture((Logger) LoggerFactory.getLogger(loggerName));
    }

    static final class Capture implements AutoCloseable {
        private final Logger logger;
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        private final boolean additive;

        Capture(Logger logger) {
            this.logger = logger;
            this.additive = logger.isAdditive();
            appender.start();
            logger.addAppender(appender);
            logger.setAdditive(false); // expected warnings and stack traces would read as failures in the build output
        }

        List<ILoggingEvent> events() {
            synchronized (appender.list) {
                return List.copyOf(appender.list);
            }
        }

        @Override
        public void close() {
            logger.detachAppender(appender);
            logger.setAdditive(additive);
        }
    }
}
