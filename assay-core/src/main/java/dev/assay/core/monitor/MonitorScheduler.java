package dev.assay.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.ConflictException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.TxAction;
import dev.assay.core.store.Leases;
import dev.assay.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the stored monitors that this instance holds the lease of. Each {@link #tick()} takes or
 * renews the lease {@code monitor/<id>} of every active monitor; for each one it holds, it
 * (re)opens the monitor from its stored state when the lease is new, folds in the observations
 * received since that state, and closes every due window. A closed window's ledger entry and
 * the state after it (with the consumed observations deleted) commit in one transaction, under
 * the lease's fencing token: an instance that lost its lease cannot write, and the instance that
 * takes over resumes from the last committed window. So, with several instances on one
 * database, each monitor runs on exactly one of them, another takes it over within one lease
 * period when its holder dies, and no window is lost or counted twice.
 *
 * <p>{@link #tick()} may be called directly (tests, with a manual clock) or every
 * {@code period} on a background thread ({@link #start}).
 */
public final class MonitorScheduler implements AutoCloseable {
    /** Default lease: a dead instance's monitors move to another within this time. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    /** Default tick period of {@link #start}. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(MonitorScheduler.class);
    private static final int BATCH = 1_000;

    private final Store store;
    private final Monitors monitors;
    private final Ledger ledger;
    private final Leases leases;
    private final Clock clock;
    private final String instance;
    private final Duration lease;
    private final Map<String, Owned> owned = new HashMap<>();
    private final Map<String, String> failures = new HashMap<>();
    private ScheduledExecutorService timer;
    private boolean closed;

    private static final class Owned {
        final MonitorInstance monitor;
        final long fence;
        long watermark;
        boolean dirty;

        Owned(MonitorInstance monitor, long fence, long watermark) {
            this.monitor = monitor;
            this.fence = fence;
            this.watermark = watermark;
        }
    }

    private MonitorScheduler(Store store, Monitors monitors, Ledger ledger, Clock clock, String instance, Duration lease) {
        this.store = Objects.requireNonNull(store, "store");
        this.monitors = Objects.requireNonNull(monitors, "monitors");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.instance = Objects.requireNonNull(instance, "instance");
        if (lease.isNegative() || lease.isZero()) throw new IllegalArgumentException("lease must be positive, but was " + lease);
        this.lease = lease;
        this.leases = new Leases(store, clock);
    }

    /** A scheduler for this instance, named by host, process id and a random suffix, with the default lease. */
    public static MonitorScheduler create(Store store, Monitors monitors, Ledger ledger, Clock clock) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "localhost";
        }
        return create(store, monitors, ledger, clock, host + "/" + ProcessHandle.current().pid() + "/"
                + UUID.randomUUID().toString().substring(0, 8), DEFAULT_LEASE);
    }

    /** The store lease that decides which instance runs monitor {@code id}. */
    static String leaseName(String id) {
        return "monitor/" + id;
    }

    /** A scheduler named {@code instance} (unique among instances sharing the store) holding leases for {@code lease}. */
    public static MonitorScheduler create(Store store, Monitors monitors, Ledger ledger, Clock clock, String instance, Duration lease) {
        return new MonitorScheduler(store, monitors, ledger, clock, instance, lease);
    }

    /** This instance's name, the holder of its leases. */
    public String instance() {
        return instance;
    }

    /** Ids of the monitors this instance runs now. */
    public synchronized List<String> running() {
        return owned.keySet().stream().sorted().toList();
    }

    /** Ticks every {@code period} on a daemon thread until {@link #close()}. */
    public synchronized void start(Duration period) {
        if (timer != null || closed) throw new IllegalStateException("already started or closed");
        timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform().name("assay-monitors").daemon(true).unstarted(r));
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("monitor tick failed: {}", e.getMessage());
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One pass over every stored monitor. */
    public synchronized void tick() {
        if (closed) return;
        for (Monitors.Entry m : monitors.entries()) {
            if (!monitors.knows(m.kind())) continue; // a kind this instance was not built with: another instance runs it
            String name = leaseName(m.id());
            if (m.status() != MonitorInfo.Status.ACTIVE) {
                if (owned.remove(m.id()) != null) leases.release(name, instance);
                continue;
            }
            Optional<Leases.Lease> held = holdLease(name);
            if (held.isEmpty()) {
                owned.remove(m.id());
                continue;
            }
            try {
                Owned o = owned.get(m.id());
                if (o == null || o.fence != held.get().fence()) {
                    MonitorInfo fresh = monitors.get(m.id()).orElseThrow();
                    o = new Owned(monitors.kind(fresh.kind()).open(fresh, fresh.state(), clock), held.get().fence(), fresh.watermark());
                    o.dirty = fresh.state().isEmpty(); // a new monitor's first state is written at once
                    owned.put(m.id(), o);
                }
                run(m.id(), o);
            } catch (ConflictException fenced) {
                log.info("monitor {} moved to another instance: {}", m.id(), fenced.getMessage());
                owned.remove(m.id());
                failures.remove(m.id());
                continue;
            } catch (RuntimeException e) {
                // reopened from the stored state on the next tick; nothing uncommitted is lost, it is re-read.
                // The same failure every tick is logged once, not every second.
                String why = String.valueOf(e.getMessage());
                if (!why.equals(failures.put(m.id(), why)))
                    log.warn("monitor {} failed and will be reopened from its stored state: {}", m.id(), why);
                owned.remove(m.id());
                continue;
            }
            failures.remove(m.id());
        }
    }

    /**
     * The lease on {@code name} if this instance holds it after this call. Writes only when it must: a
     * lease another instance holds is only read, and this instance's own lease is renewed once it is
     * past half its term, so idle instances do not write to the store every tick.
     */
    private Optional<Leases.Lease> holdLease(String name) {
        Optional<Leases.Lease> current = leases.holder(name);
        if (current.isPresent()) {
            Leases.Lease l = current.get();
            if (!l.holder().equals(instance)) return Optional.empty();
            if (l.expiresAtMillis() - clock.millis() > lease.toMillis() / 2) return current;
        }
        return leases.acquire(name, instance, lease);
    }

    private void run(String id, Owned o) {
        List<Monitors.Received> batch;
        do {
            batch = monitors.pending(id, o.watermark, BATCH);
            for (Monitors.Received r : batch) {
                o.monitor.observe(r.observation());
                o.watermark = r.seq();
                o.dirty = true;
            }
        } while (batch.size() == BATCH);
        // Windows without a ledger entry are folded into the next save, so a long idle stretch costs one write.
        List<Runnable> unsaved = new java.util.ArrayList<>();
        Optional<ClosedWindow> closed;
        while ((closed = o.monitor.closeNext()).isPresent()) {
            if (closed.get().entry().isEmpty()) {
                o.dirty = true;
                unsaved.add(closed.get().afterCommit());
                continue;
            }
            ClosedWindow.Entry e = closed.get().entry().get();
            ledger.append(e.kind(), e.subject(), e.payload(), saveAction(id, o));
            o.dirty = false;
            unsaved.forEach(Runnable::run);
            unsaved.clear();
            closed.get().afterCommit().run();
        }
        if (o.dirty) {
            TxAction save = saveAction(id, o);
            store.write(h -> {
                save.apply(h);
                return null;
            });
            o.dirty = false;
        }
        unsaved.forEach(Runnable::run);
    }

    /** Writes the monitor's state as it is now, with the observations it has folded in. */
    private TxAction saveAction(String id, Owned o) {
        JsonNode state = o.monitor.snapshot();
        long watermark = o.watermark;
        long until = o.monitor.closedUntil().toEpochMilli();
        long fence = o.fence;
        return h -> monitors.saveState(h, id, state, watermark, until, fence);
    }

    /** Stops ticking and releases this instance's leases, so another instance takes its monitors at once. */
    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        for (String id : owned.keySet()) leases.release(leaseName(id), instance);
        owned.clear();
    }
}
