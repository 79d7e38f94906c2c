package dev.assay.models.chat;

import dev.assay.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Arrays;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The calls made and what they cost: one {@link Entry} per call (agent, model, tokens, cost, time), totals per agent
 * since the ledger began, and totals over the last {@code window} (the rolling hour by default). Entries older than
 * the retention are dropped (their agent totals stay). Thread-safe.
 */
public final class UsageLedger {
    /** The rolling window of {@link #lastHour()}. */
    public static final Duration HOUR = Duration.ofHours(1);

    private final Clock clock;
    private final Duration retention;
    private final Deque<Entry> recent = new ArrayDeque<>();
    private final Map<String, Totals> byAgent = new TreeMap<>();
    private final List<Consumer<Entry>> listeners = new CopyOnWriteArrayList<>();

    /** A ledger keeping entries for {@code retention} (at least an hour) on {@code clock}. */
    public UsageLedger(Clock clock, Duration retention) {
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(retention, "retention");
        if (retention.compareTo(HOUR) < 0) throw new InvalidInputException("a usage ledger keeps entries at least an hour, but was " + retention);
        this.retention = retention;
    }

    /** A ledger keeping a day of entries. */
    public UsageLedger(Clock clock) {
        this(clock, Duration.ofDays(1));
    }

    /**
     * One call.
     *
     * @param time         when it finished
     * @param agent        who made it (the caller's tag)
     * @param model        the model asked for
     * @param inputTokens  prompt tokens (as the provider reported them)
     * @param outputTokens generated tokens
     * @param cost         what it cost in the price table's currency (0 when unpriced)
     * @param priced       whether the price table knew the model
     * @param estimated    whether the provider reported no usage, so the tokens are the call's worst case
     */
    public record Entry(Instant time, String agent, String model, long inputTokens, long outputTokens, double cost, boolean priced,
                        boolean estimated) {
        public Entry {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(agent, "agent");
            Objects.requireNonNull(model, "model");
        }
    }

    /** Sums over some calls; {@code unpricedCalls} of them cost 0 for want of a price. */
    public record Totals(long calls, long inputTokens, long outputTokens, double cost, long unpricedCalls) {
        public static final Totals NONE = new Totals(0, 0, 0, 0, 0);

        Totals plus(Entry e) {
            return new Totals(calls + 1, inputTokens + e.inputTokens(), outputTokens + e.outputTokens(), cost + e.cost(),
                    unpricedCalls + (e.priced() ? 0 : 1));
        }
    }

    /** Records {@code e}, then tells the listeners. */
    public void record(Entry e) {
        Objects.requireNonNull(e, "entry");
        synchronized (this) {
            recent.addLast(e);
            byAgent.merge(e.agent(), Totals.NONE.plus(e), (a, b) -> a.plus(e));
            prune();
        }
        for (Consumer<Entry> l : listeners) l.accept(e);
    }

    /** Tells {@code listener} of every entry recorded from now on (on the recording thread, after it is recorded). */
    public void onRecord(Consumer<Entry> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The calls of one clock hour. */
    public record HourBucket(Instant start, Totals totals) {}

    /**
     * The last {@code hours} clock hours (UTC, oldest first, the current partial hour last), each with the totals of
     * the calls that finished in it; hours without calls are there with {@link Totals#NONE}. Only entries still kept
     * count (a day by default).
     */
    public synchronized List<HourBucket> hourly(int hours) {
        if (hours < 1) throw new InvalidInputException("hours must be at least 1, but was " + hours);
        prune();
        Instant current = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant first = current.minus(Duration.ofHours(hours - 1L));
        Totals[] t = new Totals[hours];
        Arrays.fill(t, Totals.NONE);
        for (Entry e : recent) {
            Instant h = e.time().truncatedTo(ChronoUnit.HOURS);
            if (h.isBefore(first) || h.isAfter(current)) continue;
            int i = (int) Duration.between(first, h).toHours();
            t[i] = t[i].plus(e);
        }
        List<HourBucket> out = new ArrayList<>(hours);
        for (int i = 0; i < hours; i++) out.add(new HourBucket(first.plus(Duration.ofHours(i)), t[i]));
        return out;
    }

    /** The ledger's clock. */
    public Clock clock() {
        return clock;
    }

    /** Totals per agent since the ledger began, by agent name. */
    public synchronized Map<String, Totals> byAgent() {
        return Map.copyOf(byAgent);
    }

    /** Totals of the calls that finished in the last hour. */
    public Totals lastHour() {
        return within(HOUR, null);
    }

    /** Totals of {@code agent}'s calls that finished in the last hour. */
    public Totals lastHour(String agent) {
        return within(HOUR, Objects.requireNonNull(agent, "agent"));
    }

    /** Totals of the calls (of {@code agent}, or everyone's when null) that finished within {@code window} before now. */
    public synchronized Totals within(Duration window, String agent) {
        prune();
        Instant since = clock.instant().minus(window);
        Totals t = Totals.NONE;
        for (Entry e : recent) if (e.time().isAfter(since) && (agent == null || agent.equals(e.agent()))) t = t.plus(e);
        return t;
    }

    /** The entries still kept, oldest first. */
    public synchronized List<Entry> entries() {
        prune();
        return new ArrayList<>(recent);
    }

    private void prune() {
        Instant horizon = clock.instant().minus(retention);
        while (!recent.isEmpty() && !recent.peekFirst().time().isAfter(horizon)) recent.pollFirst();
    }
}
