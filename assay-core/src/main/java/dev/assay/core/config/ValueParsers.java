package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The byte-count form of configuration values; other scalars use the core {@link dev.assay.core.document.Scalars} grammar. */
final class ValueParsers {
    private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(B|KiB|MiB|GiB)?");

    private ValueParsers() {}

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
}
