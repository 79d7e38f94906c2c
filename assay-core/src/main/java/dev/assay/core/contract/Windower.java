package dev.assay.core.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Buckets a stream of observations into epoch-aligned windows of a fixed size and hands out each
 * window once the injected clock has passed its end. Windows with no observations are handed out too
 * (they evaluate to NO_DATA), so a silent metric is visible. The first window is the one containing
 * the clock's time at creation; an observation for a window already handed out is late: it is
 * counted and dropped. Thread-safe.
 */
public final class Windower {
    private final long sizeMillis;
    private final Clock clock;
    private final TreeMap<Instant, List<Observation>> pending = new TreeMap<>();
    private Instant next;
    private long late;

    private Windower(Duration size, Clock clock) {
        this.sizeMillis = WindowMath.sizeMillis(size);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.next = WindowMath.floor(clock.instant(), sizeMillis);
    }

    /**
     * A windower's whole state: the start of the next window to hand out, the late count and every
     * observation waiting for its window.
     */
    public record State(Instant next, long late, List<Observation> pending) {
        public State {
            Objects.requireNonNull(next, "next");
            pending = List.copyOf(pending);
        }
    }

    /** The state now, from which {@link #resume} continues exactly. */
    public synchronized State state() {
        List<Observation> all = new ArrayList<>();
        pending.values().forEach(all::addAll);
        return new State(next, late, all);
    }

    /** A windower of {@code size} continuing from {@code state}. */
    public static Windower resume(Duration size, Clock clock, State state) {
        Windower w = new Windower(size, clock);
        Objects.requireNonNull(state, "state");
        if (!WindowMath.floor(state.next(), w.sizeMillis).equals(state.next()))
            throw new dev.assay.core.InvalidInputException("window state starts at " + state.next() + ", not on a " + size + " boundary");
        w.next = state.next();
        w.late = state.late();
        for (Observation o : state.pending()) {
            Instant start = WindowMath.floor(o.time(), w.sizeMillis);
            w.pending.computeIfAbsent(start, k -> new ArrayList<>()).add(o);
        }
        return w;
    }

    /** A windower of fixed {@code size} (a whole number of milliseconds) reading time from {@code clock}. */
    public static Windower fixed(Duration size, Clock clock) {
        return new Windower(size, clock);
    }

    /** As {@link #fixed}, but the first window is the one containing {@code first} (e.g. when a monitor was defined). */
    public static Windower startingAt(Duration size, Clock clock, Instant first) {
        Windower w = new Windower(size, clock);
        w.next = WindowMath.floor(Objects.requireNonNull(first, "first"), w.sizeMillis);
        return w;
    }

    /** Adds an observation; false (and counted in {@link #late()}) when its window was already handed out. */
    public synchronized boolean add(Observation observation) {
        Objects.requireNonNull(observation, "observation");
        Instant start = WindowMath.floor(observation.time(), sizeMillis);
        if (start.isBefore(next)) {
            late++;
            return false;
        }
        pending.computeIfAbsent(start, k -> new ArrayList<>()).add(observation);
        return true;
    }

    /** Every window whose end is at or before the clock's time and that was not handed out yet, oldest first. */
    public synchronized List<Window> closeDue() {
        List<Window> due = new ArrayList<>();
        for (java.util.Optional<Window> w = closeNext(); w.isPresent(); w = closeNext()) due.add(w.get());
        return due;
    }

    /** The oldest window whose end is at or before the clock's time and that was not handed out yet, if any. */
    public synchronized java.util.Optional<Window> closeNext() {
        Instant end = next.plusMillis(sizeMillis);
        if (end.isAfter(clock.instant())) return java.util.Optional.empty();
        List<Observation> in = pending.remove(next);
        Window w = new Window(next, end, in == null ? List.of() : in);
        next = end;
        return java.util.Optional.of(w);
    }

    /** Observations dropped because their window had already been handed out. */
    public synchronized long late() {
        return late;
    }

    /** Observations waiting for their window to close. */
    public synchronized int buffered() {
        int n = 0;
        for (Map.Entry<Instant, List<Observation>> e : pending.entrySet()) n += e.getValue().size();
        return n;
    }

    /** The window size. */
    public Duration size() {
        return Duration.ofMillis(sizeMillis);
    }
}
