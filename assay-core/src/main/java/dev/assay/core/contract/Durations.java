package dev.assay.core.contract;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses durations written as ISO-8601 ({@code PT1M30S}) or as units ({@code 90s}, {@code 1h30m}, {@code 500ms}, {@code 2d}). */
final class Durations {
    private static final Pattern UNITS = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern WHOLE = Pattern.compile("(?:\\d{1,9}(?:ms|s|m|h|d))+");

    private Durations() {}

    /** The duration, or null when {@code text} is neither form. */
    static Duration parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.startsWith("p") || t.startsWith("-p")) {
            try {
                return Duration.parse(t.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (!WHOLE.matcher(t).matches()) return null;
        Duration total = Duration.ZERO;
        Matcher m = UNITS.matcher(t);
        int segments = 0;
        while (m.find()) {
            if (++segments > 8) return null;
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> throw new IllegalStateException("unit " + m.group(2));
            });
        }
        return total;
    }
}
