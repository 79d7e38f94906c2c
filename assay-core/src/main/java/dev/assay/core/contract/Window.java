package dev.assay.core.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The observations whose time lies in the half-open interval {@code [start, end)}. */
public record Window(Instant start, Instant end, List<Observation> observations) {
    public Window {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("window start must be before end, but was [" + start + ", " + end + ")");
        }
        observations = List.copyOf(observations);
        for (Observation o : observations) {
            if (o.time().isBefore(start) || !o.time().isBefore(end)) {
                throw new IllegalArgumentException(
                        "observation at " + o.time() + " lies outside window [" + start + ", " + end + ")");
            }
        }
    }

    /** {@code end - start}. */
    public Duration length() {
        return Duration.between(start, end);
    }

    /**
     * Buckets a batch into consecutive epoch-aligned windows of {@code size}, from the window of the
     * earliest observation to that of the latest, empty windows in between included (they evaluate to
     * NO_DATA). An empty batch gives no windows.
     */
    public static List<Window> tumbling(Collection<Observation> observations, Duration size) {
        long sizeMillis = WindowMath.sizeMillis(size);
        List<Observation> sorted = new ArrayList<>(observations);
        if (sorted.isEmpty()) return List.of();
        sorted.sort(Comparator.comparing(Observation::time));
        List<Window> windows = new ArrayList<>();
        Instant start = WindowMath.floor(sorted.getFirst().time(), sizeMillis);
        int i = 0;
        while (i < sorted.size()) {
            Instant end = start.plusMillis(sizeMillis);
            List<Observation> in = new ArrayList<>();
            while (i < sorted.size() && sorted.get(i).time().isBefore(end)) in.add(sorted.get(i++));
            windows.add(new Window(start, end, in));
            start = end;
        }
        return windows;
    }
}
