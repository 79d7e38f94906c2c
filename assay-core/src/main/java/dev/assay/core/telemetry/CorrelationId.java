package dev.assay.core.telemetry;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;

/**
 * The id that ties one request's log lines together: taken from the caller's
 * {@value #HEADER} when it is well-formed, generated otherwise, and held in the SLF4J MDC
 * under {@value #MDC_KEY} for the duration of a {@link Scope}.
 */
public final class CorrelationId {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    /** Accepted caller ids: 1 to 128 of letters, digits and {@code . _ : -}, so they are safe in logs and headers. */
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationId() {}

    /** The caller's id when well-formed, else a fresh random one. */
    public static String acceptOrGenerate(String incoming) {
        return incoming != null && ACCEPTED.matcher(incoming).matches() ? incoming : generate();
    }

    /** A fresh random id (a UUID without dashes). */
    public static String generate() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** The id of the current thread's scope, if any. */
    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }

    /** Puts {@code id} into the MDC until the returned scope closes, then restores what was there. */
    public static Scope open(String id) {
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        return new Scope(id, previous);
    }

    /** A correlation id held in the MDC; closing restores the previous one. */
    public static final class Scope implements AutoCloseable {
        private final String id;
        private final String previous;

        private Scope(String id, String previous) {
            this.id = id;
            this.previous = previous;
        }

        public String id() {
            return id;
        }

        @Override
        public void close() {
            if (previous == null) MDC.remove(MDC_KEY);
            else MDC.put(MDC_KEY, previous);
        }
    }
}
