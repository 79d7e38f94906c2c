package dev.assay.models.chat;

import dev.assay.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Objects;

/**
 * A spending limit over any 60 minutes. A call {@link #reserve}s its worst-case cost before it is sent and is
 * refused ({@link BudgetExceededException}) when the spend of the last 60 minutes, plus what calls in flight may
 * still cost, plus this worst case would exceed the budget; the refusal clears as the hour rolls and old spend
 * falls out. A reservation is {@link Reservation#settle settled} at the call's actual cost, or
 * {@link Reservation#release released} when the call failed. Thread-safe.
 */
public final class HourlyBudget {
    private static final Duration HOUR = Duration.ofHours(1);

    private final double budget;
    private final String currency;
    private final Clock clock;
    private final Deque<Spend> spent = new ArrayDeque<>();
    private double inFlight;

    private record Spend(Instant time, double amount) {}

    /** A budget of {@code perHour} (in {@code currency}) over any 60 minutes, on {@code clock}. */
    public HourlyBudget(double perHour, String currency, Clock clock) {
        if (!(perHour > 0 && Double.isFinite(perHour))) throw new InvalidInputException("the hourly budget must be a positive number, but was " + perHour);
        this.budget = perHour;
        this.currency = Objects.requireNonNull(currency, "currency");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The budget per 60 minutes. */
    public double perHour() {
        return budget;
    }

    /** What the last 60 minutes spent, settled calls only. */
    public synchronized double spentLastHour() {
        prune(clock.instant());
        double s = 0;
        for (Spend x : spent) s += x.amount();
        return s;
    }

    /** Reserves {@code worstCost} for a call about to be sent, or refuses it. */
    public synchronized Reservation reserve(double worstCost) {
        if (!(worstCost >= 0 && Double.isFinite(worstCost))) throw new IllegalArgumentException("a call's worst-case cost must be >= 0");
        Instant now = clock.instant();
        prune(now);
        double settled = 0;
        for (Spend x : spent) settled += x.amount();
        double used = settled + inFlight;
        if (used + worstCost > budget) {
            Instant freesAt = null;
            if (worstCost + inFlight <= budget) {
                double left = used;
                for (Spend x : spent) {
                    left -= x.amount();
                    if (left + worstCost <= budget) {
                        freesAt = x.time().plus(HOUR);
                        break;
                    }
                }
            }
            String when = freesAt == null
                    ? worstCost > budget ? "; this call alone may cost more than the budget, so it never fits"
                    : "; it fits only when calls in flight (" + money(inFlight) + ") finish"
                    : "; it fits again at " + freesAt + " (in " + Duration.between(now, freesAt) + ")";
            throw new BudgetExceededException("refused before sending: the hourly budget is " + money(budget) + ", the last 60 minutes spent "
                    + money(settled) + (inFlight > 0 ? " with " + money(inFlight) + " more in flight" : "") + ", and this call may cost up to "
                    + money(worstCost) + when, budget, used, worstCost, freesAt, freesAt == null ? null : Duration.between(now, freesAt));
        }
        inFlight += worstCost;
        return new Reservation(worstCost);
    }

    private String money(double amount) {
        return String.format(Locale.ROOT, "%.6f %s", amount, currency);
    }

    private void prune(Instant now) {
        Instant since = now.minus(HOUR);
        while (!spent.isEmpty() && !spent.peekFirst().time().isAfter(since)) spent.pollFirst();
    }

    /** A call's hold on the budget, settled or released exactly once. */
    public final class Reservation {
        private final double worst;
        private boolean done;

        private Reservation(double worst) {
            this.worst = worst;
        }

        /** The call cost {@code actual}: it counts against the budget from now for 60 minutes. */
        public void settle(double actual) {
            if (!(actual >= 0 && Double.isFinite(actual))) throw new IllegalArgumentException("a call's cost must be >= 0");
            synchronized (HourlyBudget.this) {
                if (done) return;
                done = true;
                inFlight = Math.max(0, inFlight - worst);
                if (actual > 0) spent.addLast(new Spend(clock.instant(), actual));
            }
        }

        /** The call failed before costing anything: its hold is given back. */
        public void release() {
            settle(0);
        }
    }
}
