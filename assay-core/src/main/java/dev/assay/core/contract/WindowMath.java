package dev.assay.core.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Epoch-aligned window arithmetic in whole milliseconds. */
final class WindowMath {
    /** Largest accepted window. */
    static final Duration MAX_SIZE = Duration.ofDays(366);

    private WindowMath() {}

    /** The size in milliseconds, rejecting sizes that are not a positive whole number of milliseconds up to {@link #MAX_SIZE}. */
    static long sizeMillis(Duration size) {
        Objects.requireNonNull(size, "size");
        if (size.isNegative() || size.isZero() || size.getNano() % 1_000_000 != 0 || size.compareTo(MAX_SIZE) > 0) {
            throw new IllegalArgumentException(
                    "window size must be a whole number of milliseconds in (0, 366 days], but was " + size);
        }
        return size.toMillis();
    }

    /** The start of the window of {@code sizeMillis} that contains {@code t}, aligned to the epoch. */
    static Instant floor(Instant t, long sizeMillis) {
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), sizeMillis) * sizeMillis);
    }
}
