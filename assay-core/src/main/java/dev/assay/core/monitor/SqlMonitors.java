package dev.assay.core.monitor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.store.Store;
import dev.assay.core.store.StoreException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/** {@link Monitors} over the store's {@code monitors} and {@code monitor_observations} tables. */
final class SqlMonitors implements Monitors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,255}");
    /** Observations accepted in one call; a larger batch is refused so one request cannot hold the write lock for long. */
    static final int MAX_BATCH = 10_000;
    private static final String COLUMNS = "id, kind, definition, status, created_at, updated_at, state, watermark, next_seq, closed_until";

    private final Store store;
    private final Clock clock;
    private final Map<String, MonitorKind> kinds = new LinkedHashMap<>();

    SqlMonitors(Store store, Clock clock, Collection<MonitorKind> kinds) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        for (MonitorKind k : kinds) {
            if (this.kinds.putIfAbsent(k.name(), k) != null) throw new IllegalArgumentException("monitor kind " + k.name() + " registered twice");
        }
    }

    @Override
    public MonitorKind kind(String name) {
        MonitorKind k = kinds.get(name);
        if (k == null) throw new InvalidInputException("unknown monitor kind '" + name + "'; known: " + String.join(", ", kinds.keySet()));
        return k;
    }

    @Override
    public MonitorInfo define(String id, String kind, JsonNode definition) {
        if (id == null || !ID.matcher(id).matches())
            throw new InvalidInputException("monitor id must match " + ID.pattern() + ", but was " + id);
        MonitorKind k = kind(kind);
        if (definition == null || !definition.isObject()) throw new InvalidInputException("monitor definition must be a JSON object");
        k.validate(definition);
        String now = clock.instant().toString();
        return store.write(h -> {
            if (find(h, id).isPresent()) throw new ConflictException("monitor " + id + " already exists");
            h.createUpdate("INSERT INTO monitors (id, kind, definition, status, created_at, updated_at, state, watermark, next_seq,"
                            + " closed_until, fence) VALUES (:id, :kind, :def, 'ACTIVE', :now, :now, NULL, 0, 0, :closed, 0)")
                    .bind("id", id).bind("kind", kind).bind("def", write(definition)).bind("now", now)
                    .bind("closed", Long.MIN_VALUE).execute();
            return find(h, id).orElseThrow();
        });
    }

    @Override
    public Optional<MonitorInfo> get(String id) {
        return store.jdbi().withHandle(h -> find(h, id));
    }

    @Override
    public List<MonitorInfo> list() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM monitors ORDER BY id")
                .map((rs, ctx) -> row(rs)).list());
    }

    @Override
    public List<Entry> entries() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT id, kind, status FROM monitors ORDER BY id")
                .map((rs, ctx) -> new Entry(rs.getString(1), rs.getString(2), MonitorInfo.Status.valueOf(rs.getString(3)))).list());
    }

    @Override
    public boolean knows(String kind) {
        return kinds.containsKey(kind);
    }

    @Override
    public Ingested ingest(String id, List<JsonNode> observations) {
        Objects.requireNonNull(observations, "observations");
        if (observations.size() > MAX_BATCH)
            throw new InvalidInputException("at most " + MAX_BATCH + " observations per call, but there were " + observations.size());
        Entry m = store.jdbi().withHandle(h -> h.createQuery("SELECT id, kind, status FROM monitors WHERE id = :id").bind("id", id)
                        .map((rs, ctx) -> new Entry(rs.getString(1), rs.getString(2), MonitorInfo.Status.valueOf(rs.getString(3)))).findOne())
                .orElseThrow(() -> new NotFoundException("no monitor " + id));
        if (m.status() != MonitorInfo.Status.ACTIVE) throw new ConflictException("monitor " + id + " is stopped");
        MonitorKind k = kind(m.kind());
        List<String> problems = new ArrayList<>();
        long[] times = new long[observations.size()];
        for (int i = 0; i < observations.size(); i++) {
            try {
                times[i] = k.timeOf(observations.get(i)).toEpochMilli();
            } catch (InvalidInputException e) {
                problems.add("observations[" + i + "]: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) throw new InvalidInputException(String.join("; ", problems.subList(0, Math.min(20, problems.size())))
                + (problems.size() > 20 ? "; and " + (problems.size() - 20) + " more" : ""));
        return store.write(h -> {
            // Locks the monitor's row (PostgreSQL) or the database (SQLite): seqs are assigned in arrival order.
            if (h.createUpdate("UPDATE monitors SET next_seq = next_seq WHERE id = :id AND status = 'ACTIVE'").bind("id", id).execute() != 1)
                throw new ConflictException("monitor " + id + " is stopped");
            long[] counters = h.createQuery("SELECT next_seq, watermark, closed_until FROM monitors WHERE id = :id").bind("id", id)
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)}).one();
            long received = counters[0];
            long closedUntil = counters[2];
            long seq = received;
            int late = 0;
            var insert = h.prepareBatch("INSERT INTO monitor_observations (monitor_id, seq, payload) VALUES (:id, :seq, :payload)");
            for (int i = 0; i < observations.size(); i++) {
                if (times[i] < closedUntil) {
                    late++;
                    continue;
                }
                insert.bind("id", id).bind("seq", ++seq).bind("payload", write(observations.get(i))).add();
            }
            if (seq > received) {
                insert.execute();
                h.createUpdate("UPDATE monitors SET next_seq = :seq WHERE id = :id").bind("seq", seq).bind("id", id).execute();
            }
            return new Ingested((int) (seq - received), late, seq - counters[1], Instant.ofEpochMilli(closedUntil));
        });
    }

    @Override
    public Optional<String> owner(String id) {
        return new dev.assay.core.store.Leases(store, clock).holder(MonitorScheduler.leaseName(id)).map(l -> l.holder());
    }

    @Override
    public MonitorInfo stop(String id) {
        require(id);
        return store.write(h -> {
            h.createUpdate("UPDATE monitors SET status = 'STOPPED', updated_at = :now WHERE id = :id")
                    .bind("now", clock.instant().toString()).bind("id", id).execute();
            return find(h, id).orElseThrow();
        });
    }

    @Override
    public List<Received> pending(String id, long afterSeq, int limit) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT seq, payload FROM monitor_observations WHERE monitor_id = :id"
                        + " AND seq > :after ORDER BY seq LIMIT :limit")
                .bind("id", id).bind("after", afterSeq).bind("limit", limit)
                .map((rs, ctx) -> new Received(rs.getLong(1), read(rs.getString(2)))).list());
    }

    @Override
    public void saveState(Handle h, String id, JsonNode state, long watermark, long closedUntilMillis, long fence) {
        int n = h.createUpdate("UPDATE monitors SET state = :state, watermark = :w, closed_until = :closed, fence = :fence,"
                        + " updated_at = :now WHERE id = :id AND fence <= :fence")
                .bind("state", write(state)).bind("w", watermark).bind("closed", closedUntilMillis).bind("fence", fence)
                .bind("now", clock.instant().toString()).bind("id", id).execute();
        if (n != 1) throw new ConflictException("monitor " + id + " was written under a newer lease than fence " + fence);
        h.createUpdate("DELETE FROM monitor_observations WHERE monitor_id = :id AND seq <= :w").bind("id", id).bind("w", watermark).execute();
    }

    private MonitorInfo require(String id) {
        return get(id).orElseThrow(() -> new NotFoundException("no monitor " + id));
    }

    private static Optional<MonitorInfo> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM monitors WHERE id = :id").bind("id", id).map((rs, ctx) -> row(rs)).findOne();
    }

    private static MonitorInfo row(java.sql.ResultSet rs) throws java.sql.SQLException {
        String state = rs.getString(7);
        long closed = rs.getLong(10); // Long.MIN_VALUE until a window closes
        return new MonitorInfo(rs.getString(1), rs.getString(2), read(rs.getString(3)), MonitorInfo.Status.valueOf(rs.getString(4)),
                Instant.parse(rs.getString(5)), Instant.parse(rs.getString(6)), Optional.ofNullable(state).map(SqlMonitors::read),
                rs.getLong(8), rs.getLong(9), Instant.ofEpochMilli(closed));
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("cannot write JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode read(String s) {
        try {
            return JSON.readTree(s);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored monitor JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
