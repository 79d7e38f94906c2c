package dev.assay.core.document;

import dev.assay.core.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one grammar of scalar values in Assay's files, environment variables and overrides. Each
 * parser strips surrounding blanks and throws {@link InvalidInputException} whose message
 * ({@code must be ..., but was '...'}) names the bad text.
 */
public final class Scalars {
    /** Amount and unit of one segment of a unit duration. */
    private static final Pattern SEGMENT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)", Pattern.CASE_INSENSITIVE);
    private static final Pattern UNIT_DURATION =
            Pattern.compile("\\+?(?:\\d+\\s*(?:ms|s|m|h|d)\\s*){1,8}", Pattern.CASE_INSENSITIVE);
    private static final Pattern ISO_DURATION = Pattern.compile("[+-]?P.*", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("[+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d{1,4})?");
    private static final Pattern WHOLE = Pattern.compile("[+-]?\\d{1,19}");
    private static final int MAX_SCALAR_CHARS = 400;

    /** What {@link #duration} accepts, for messages. */
    public static final String DURATION_FORMS = "250ms, 30s, 5m, 2h, 2d, 1h30m or ISO-8601 PT30S";

    private Scalars() {}

    /**
     * A duration: a sum of up to 8 segments {@code <digits><unit>} with units {@code ms s m h d}
     * (case-insensitive, an optional leading {@code +}, blanks allowed between parts: {@code 250ms},
     * {@code 1h30m}, {@code 20 s}),
     * or ISO-8601 ({@code PT30S}, {@code P2D}; the only form that may be negative).
     */
    public static Duration duration(String text) {
        String s = text.strip();
        if (s.length() > MAX_SCALAR_CHARS) throw bad("a duration like " + DURATION_FORMS, text);
        if (ISO_DURATION.matcher(s).matches()) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException | ArithmeticException e) {
                throw bad("a duration like " + DURATION_FORMS, text);
            }
        }
        if (s.startsWith("-") && UNIT_DURATION.matcher(s.substring(1).strip()).matches()) {
            throw new InvalidInputException("must not be negative, but was " + quote(text));
        }
        if (!UNIT_DURATION.matcher(s).matches()) throw bad("a duration like " + DURATION_FORMS, text);
        Duration total = Duration.ZERO;
        Matcher m = SEGMENT.matcher(s);
        try {
            while (m.find()) {
                long n = Long.parseLong(m.group(1));
                total = total.plus(switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                });
            }
        } catch (ArithmeticException | NumberFormatException e) {
            throw new InvalidInputException("must be a shorter duration, but was " + quote(text));
        }
        return total;
    }

    /** A finite decimal number: optional sign, digits with an optional fraction, optional exponent ({@code 0.05}, {@code 1e-3}). */
    public static double number(String text) {
        String s = text.strip();
        if (s.length() > MAX_SCALAR_CHARS || !NUMBER.matcher(s).matches()) throw bad("a finite number", text);
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) throw bad("a finite number", text);
        return v;
    }

    /** A whole number in the range of {@code long}; a fraction ({@code 1.5}, {@code 2.0}) is refused. */
    public static long longInteger(String text) {
        String s = text.strip();
        if (!WHOLE.matcher(s).matches()) throw bad("a whole number", text);
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw bad("a whole number between " + Long.MIN_VALUE + " and " + Long.MAX_VALUE, text);
        }
    }

    /** A whole number in the range of {@code int}. */
    public static int integer(String text) {
        long v = longInteger(text);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw bad("a whole number between " + Integer.MIN_VALUE + " and " + Integer.MAX_VALUE, text);
        }
        return (int) v;
    }

    /** {@code true} or {@code false}, in any case. */
    public static boolean bool(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad("true or false", text);
        };
    }

    /** {@code text} in single quotes, control characters replaced and cut to 60 characters, for messages. */
    public static String quote(String text) {
        String oneLine = text.replaceAll("\\p{Cntrl}", "?");
        return "'" + (oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...") + "'";
    }

    private static InvalidInputException bad(String expected, String text) {
        return new InvalidInputException("must be " + expected + ", but was " + quote(text));
    }
}
