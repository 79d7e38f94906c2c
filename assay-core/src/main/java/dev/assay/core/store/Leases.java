package dev.assay.core.store;

import dev.assay.core.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Time-bounded named leases in the store: {@link #acquire} succeeds for at most one holder
 * at a time per name, until the lease expires or is released. Each successful acquisition
 * from a new holder increments a fencing token, so work started under an expired lease
 * can be told apart from work under the current one (Kleppmann, "How to do distributed
 * locking", 2016). Times come from the injected clock; holders on different machines
 * need clocks that agree to well within the lease duration.
 */
public final class Leases {
    private final Store store;
    private final Clock clock;

    /** A held lease: its name, holder, expiry (epoch ms) and fencing token. */
    public record Lease(String name, String holder, long expiresAtMillis, long fence) {}

    public Leases(Store store, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Takes or renews lease {@code name} for {@code holder} for {@code duration}; empty when another holder has it. */
    public Optional<Lease> acquire(String name, String holder, Duration duration) {
        check(name, "lease name");
        check(holder, "lease holder");
        if (duration.isNegative() || duration.isZero())
            throw new InvalidInputException("lease duration must be positive, but was " + duration);
        long now = clock.millis();
        long until = now + duration.toMillis();
        return store.write(h -> {
            int renewed = h.createUpdate("UPDATE leases SET expires_at = :until WHERE name = :n AND holder = :h AND expires_at > :now")
                    .bind("until", until).bind("n", name).bind("h", holder).bind("now", now).execute();
            if (renewed == 1) return read(h, name);
            int taken = h.createUpdate("UPDATE leases SET holder = :h, expires_at = :until, fence = fence + 1 "
                            + "WHERE name = :n AND expires_at <= :now")
                    .bind("h", holder).bind("until", until).bind("n", name).bind("now", now).execute();
            if (taken == 1) return read(h, name);
            if (read(h, name).isPresent()) return Optional.empty();
            // no row yet: nobody can insert one between this read and the insert, as both run under the write lock
            h.createUpdate("INSERT INTO leases (name, holder, expires_at, fence) VALUES (:n, :h, :until, 1)")
                    .bind("n", name).bind("h", holder).bind("until", until).execute();
            return read(h, name);
        });
    }

    /** Gives up lease {@code name} if {@code holder} has it; true when it did. */
    public boolean release(String name, String holder) {
        long now = clock.millis();
        return store.write(h -> h.createUpdate(
                        "UPDATE leases SET expires_at = :now WHERE name = :n AND holder = :h AND expires_at > :now")
                .bind("now", now).bind("n", name).bind("h", holder).execute()) == 1;
    }

    /** The current holder of {@code name}, if its lease has not expired. */
    public Optional<Lease> holder(String name) {
        long now = clock.millis();
        return store.jdbi().withHandle(h -> read(h, name)).filter(l -> l.expiresAtMillis() > now);
    }

    private static Optional<Lease> read(Handle h, String name) {
        return h.createQuery("SELECT name, holder, expires_at, fence FROM leases WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> new Lease(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))).findOne();
    }

    private static void check(String value, String what) {
        if (value == null || value.isBlank() || value.length() > 128)
            throw new InvalidInputException(what + " must be 1..128 characters, but was " + value);
    }
}
