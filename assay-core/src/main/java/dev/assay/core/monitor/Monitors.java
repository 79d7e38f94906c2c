package dev.assay.core.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.core.store.Store;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The stored monitors of every registered kind. Definitions, states and received observations
 * live in the store, so they survive a restart and are shared by every instance on one
 * database; which instance runs a monitor is the {@link MonitorScheduler}'s business.
 */
public interface Monitors {
    /** Monitors in {@code store} of the given kinds. */
    static Monitors open(Store store, Clock clock, Collection<MonitorKind> kinds) {
        return new SqlMonitors(store, clock, kinds);
    }

    /** Stores a new monitor after its kind has validated the definition; ConflictException if the id is taken. */
    MonitorInfo define(String id, String kind, JsonNode definition);

    Optional<MonitorInfo> get(String id);

    /** Every monitor, ordered by id. */
    List<MonitorInfo> list();

    /** Every monitor's id, kind and status, ordered by id, without reading definitions or states. */
    List<Entry> entries();

    /** True when a kind of this name is registered here. */
    boolean knows(String kind);

    /** A monitor's id, kind and status. */
    record Entry(String id, String kind, MonitorInfo.Status status) {}

    /**
     * Stores observations for a running monitor; durable when this returns. Observations timed
     * before the end of its last closed window are refused as late (not stored). Every
     * observation is checked by the kind first, and one bad observation refuses the whole batch.
     */
    Ingested ingest(String id, List<JsonNode> observations);

    /** The instance whose scheduler holds the monitor's lease now, if any. */
    Optional<String> owner(String id);

    /** Stops a monitor: no more observations are accepted and no instance runs it. */
    MonitorInfo stop(String id);

    /** The registered kind of this name. */
    MonitorKind kind(String name);

    /** Up to {@code limit} received observations after {@code afterSeq}, in arrival order, with their seqs. */
    List<Received> pending(String id, long afterSeq, int limit);

    /**
     * Writes a monitor's state inside {@code h}'s transaction, folding observations up to
     * {@code watermark} (which are then deleted), under lease fence {@code fence}; throws
     * {@code ConflictException} when a newer fence has written since (the caller lost the lease).
     */
    void saveState(Handle h, String id, JsonNode state, long watermark, long closedUntilMillis, long fence);

    /** One received observation. */
    record Received(long seq, JsonNode observation) {}
}
