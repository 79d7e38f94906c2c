package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the scalar forms configuration values take; each throws {@link InvalidInputException} with the bad text. */
final class ValueParsers {
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private ValueParsers() {}

    static int integer(String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidInputException("must be an integer, but was '" + raw + "'");
        }
    }

    /** A byte count: {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 2GiB}; a leading minus is reported as negative. */
    static long bytes(String raw) {
        String s = raw.strip();
        if (s.startsWith("-")) throw new InvalidInputException("must not be negative, but was '" + raw + "'");
        Matcher m = BYTES.matcher(s);
        if (!m.matches()) {
            throw new InvalidInputException("must be a byte count like 1048576, 512KiB or 1MiB, but was '" + raw + "'");
        }
        long unit = switch (m.group(2) == null ? "B" : m.group(2)) {
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> 1L;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new InvalidInputException("is too large: '" + raw + "'");
        }
    }

    /** A duration: {@code 500ms}, {@code 20s}, {@code 2m}, {@code 1h} or ISO-8601 {@code PT20S}. */
    static Duration duration(String raw) {
        String s = raw.strip();
        if (s.startsWith("-")) throw new InvalidInputException("must not be negative, but was '" + raw + "'");
        Matcher m = DURATION.matcher(s);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            };
        }
        try {
            return Duration.parse(s.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("must be a duration like 500ms, 20s, 2m or PT20S, but was '" + raw + "'");
        }
    }

    static boolean bool(String raw) {
        return switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidInputException("must be true or false, but was '" + raw + "'");
        };
    }
}
