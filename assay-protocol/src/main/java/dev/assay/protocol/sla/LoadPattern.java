package dev.assay.protocol.sla;

import dev.assay.core.InvalidInputException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * How the offered load of a benchmark run varies over its duration, at a nominal rate {@code r} requests per second:
 * <ul>
 *   <li>{@link #CONSTANT}: {@code r} throughout;</li>
 *   <li>{@link #RAMP_UP}: rising linearly from {@code r / 10} to {@code r};</li>
 *   <li>{@link #SPIKE}: {@code r / 2}, with {@code 4 r} in the middle tenth of the run;</li>
 *   <li>{@link #WAVE}: {@code r (1 + 0.8 sin(2 pi t / (T / 3)))}, three periods over the run.</li>
 * </ul>
 * {@link #schedule} turns a pattern into the send times of an open-loop run: a request goes out at its time whether or
 * not earlier ones were answered, so a slow service cannot slow the load down and hide its own latency.
 */
public enum LoadPattern {
    CONSTANT, RAMP_UP, SPIKE, WAVE;

    /** The most requests a schedule may hold. */
    public static final int MAX_REQUESTS = 10_000_000;

    /** The offered rate, requests per second, at {@code t} seconds into a run of {@code total} seconds at nominal {@code rate}. */
    public double rateAt(double t, double total, double rate) {
        double f = total <= 0 ? 0 : Math.min(1, Math.max(0, t / total));
        return switch (this) {
            case CONSTANT -> rate;
            case RAMP_UP -> rate * (0.1 + 0.9 * f);
            case SPIKE -> f >= 0.45 && f < 0.55 ? 4 * rate : rate / 2;
            case WAVE -> rate * (1 + 0.8 * Math.sin(2 * Math.PI * f * 3));
        };
    }

    /**
     * The send times, in nanoseconds from the start, of a run of {@code duration} at nominal {@code rate} requests per
     * second: the times at which the integral of {@link #rateAt} reaches 1, 2, 3, ..., stopping at {@code maxRequests}.
     * Non-decreasing and all below the duration.
     */
    public long[] schedule(double rate, Duration duration, int maxRequests) {
        if (!(rate > 0) || rate > 1_000_000) throw new InvalidInputException("rate must be in (0, 1000000] requests per second, but was " + rate);
        if (duration.isNegative() || duration.isZero()) throw new InvalidInputException("duration must be positive, but was " + duration);
        if (maxRequests < 1 || maxRequests > MAX_REQUESTS)
            throw new InvalidInputException("the request limit must be in 1.." + MAX_REQUESTS + ", but was " + maxRequests);
        double total = duration.toNanos() / 1e9;
        long[] times = new long[Math.min(maxRequests, 1024)];
        int n = 0;
        double step = 1e-4; // the rate is held for a tenth of a millisecond at a time; sends within a step are spread evenly
        double owed = 0;
        for (long i = 0; i * step < total && n < maxRequests; i++) {
            double t = i * step;
            double r = rateAt(t, total, rate);
            double end = owed + r * Math.min(step, total - t);
            for (int k = 1; k <= end && n < maxRequests; k++) {
                if (n == times.length) times = Arrays.copyOf(times, Math.min(maxRequests, times.length * 2));
                times[n++] = Math.min(duration.toNanos() - 1, Math.round((t + (k - owed) / r) * 1e9));
            }
            owed = end - Math.floor(end);
        }
        return Arrays.copyOf(times, n);
    }

    /** The lower-case name with a dash, as the CLI spells it ({@code ramp-up}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code constant}, {@code ramp-up} (or {@code ramp_up}), {@code spike}, {@code wave}, in any case. */
    public static LoadPattern parse(String text) {
        if (text != null) {
            String t = text.strip().toUpperCase(Locale.ROOT).replace('-', '_');
            for (LoadPattern p : values()) if (p.name().equals(t)) return p;
        }
        throw new InvalidInputException("the load pattern must be constant, ramp-up, spike or wave, but was '" + text + "'");
    }
}
