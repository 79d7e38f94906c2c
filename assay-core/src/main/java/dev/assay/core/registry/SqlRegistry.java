package dev.assay.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;

/**
 * {@link Registry} over the store. A change is planned from the current state, then
 * applied inside the ledger append that records it, after re-reading the state in that
 * transaction: if another writer changed the model in between, the plan is redone
 * (optimistic concurrency, a few attempts). Routing tables are cached per model for one
 * second (so instances sharing a database converge) and dropped locally on every change.
 */
final class SqlRegistry implements Registry {
    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 3;
    private static final String ROLLED_BACK = "registry.deployment.rolled-back";

    private final Store store;
    private final Ledger ledger;
    private final Clock clock;
    private final LoadingCache<String, RoutingTable> tables;

    SqlRegistry(Store store, Ledger ledger, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.tables = Caffeine.newBuilder().expireAfterWrite(Duration.ofSeconds(1)).maximumSize(10_000)
                .build(m -> RoutingTable.of(m, deployments(m)));
    }

    private static String name(String what, String value) {
        if (value == null || !NAME.matcher(value).matches())
            throw new InvalidInputException(what + " must match " + NAME_PATTERN + ", but was " + value);
        return value;
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) throw new InvalidInputException("a reason is required for every rollout change");
        if (reason.length() > 1000) throw new InvalidInputException("reason must be at most 1000 characters, but was " + reason.length());
        return reason;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Model registerModel(String name, String description) {
        name("model name", name);
        String desc = description == null ? "" : description;
        Instant now = now();
        ObjectNode payload = JSON.createObjectNode().put("model", name).put("description", desc);
        ledger.append("registry.model.registered", name, payload, h -> {
            if (findModel(h, name).isPresent()) throw new ConflictException("model " + name + " is already registered");
            h.createUpdate("INSERT INTO models (name, description, created_at) VALUES (:n, :d, :t)")
                    .bind("n", name).bind("d", desc).bind("t", now.toString()).execute();
        });
        return new Model(name, desc, now);
    }

    @Override
    public ModelVersion registerVersion(String model, String version, Provenance provenance) {
        name("model name", model);
        name("version", version);
        Objects.requireNonNull(provenance, "provenance");
        Instant now = now();
        String config;
        try {
            config = JSON.writeValueAsString(provenance.config());
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("provenance config cannot be written as JSON: " + e.getOriginalMessage());
        }
        ObjectNode payload = JSON.createObjectNode().put("model", model).put("version", version);
        payload.set("config", provenance.config());
        payload.put("dataHash", provenance.dataHash()).put("seed", provenance.seed())
                .put("codeVersion", provenance.codeVersion()).put("builtAt", provenance.builtAt().toString());
        ledger.append("registry.version.registered", model + "/" + version, payload, h -> {
            requireModel(h, model);
            if (findVersion(h, model, version).isPresent())
                throw new ConflictException("version " + version + " of model " + model + " is already registered");
            h.createUpdate("INSERT INTO model_versions (model, version, config, data_hash, seed, code_version, built_at, "
                            + "registered_at) VALUES (:m, :v, :c, :d, :s, :cv, :b, :r)")
                    .bind("m", model).bind("v", version).bind("c", config).bind("d", provenance.dataHash())
                    .bind("s", provenance.seed()).bind("cv", provenance.codeVersion())
                    .bind("b", provenance.builtAt().toString()).bind("r", now.toString()).execute();
        });
        return new ModelVersion(model, version, provenance, now);
    }

    @Override
    public List<Model> models() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT name, description, created_at FROM models ORDER BY name")
                .map((rs, ctx) -> new Model(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)))).list());
    }

    @Override
    public Optional<Model> model(String name) {
        name("model name", name);
        return store.jdbi().withHandle(h -> findModel(h, name));
    }

    @Override
    public List<ModelVersion> versions(String model) {
        name("model name", model);
        return store.jdbi().withHandle(h -> {
            requireModel(h, model);
            return h.createQuery("SELECT version, config, data_hash, seed, code_version, built_at, registered_at "
                            + "FROM model_versions WHERE model = :m ORDER BY registered_at, version")
                    .bind("m", model)
                    .map((rs, ctx) -> new ModelVersion(model, rs.getString(1),
                            new Provenance(readJson(rs.getString(2)), rs.getString(3), rs.getLong(4), rs.getString(5),
                                    Instant.parse(rs.getString(6))),
                            Instant.parse(rs.getString(7))))
                    .list();
        });
    }

    @Override
    public List<Deployment> deployments(String model) {
        name("model name", model);
        return store.jdbi().withHandle(h -> {
            requireModel(h, model);
            return readDeployments(h, model);
        });
    }

    @Override
    public Deployment deploy(String model, String version, Stage stage, double trafficPercent, String reason) {
        name("model name", model);
        name("version", version);
        Objects.requireNonNull(stage, "stage");
        reason(reason);
        if (stage == Stage.REGISTERED) throw new InvalidInputException("cannot deploy to stage REGISTERED");
        if (stage.isCandidate()) {
            if (!(trafficPercent > 0 && trafficPercent < 100))
                throw new InvalidInputException(stage + " traffic must be > 0 and < 100 percent, but was " + trafficPercent);
        } else if (trafficPercent != 0) {
            throw new InvalidInputException(stage + " takes no traffic share, so trafficPercent must be 0, but was " + trafficPercent);
        }
        return change(model, version, "registry.deployment.changed", reason, state -> state.deploy(version, stage, trafficPercent))
                .stream().filter(d -> d.version().equals(version)).findFirst().orElseThrow();
    }

    @Override
    public Deployment promote(String model, String version, String reason) {
        name("model name", model);
        name("version", version);
        reason(reason);
        return change(model, version, "registry.deployment.promoted", reason, state -> state.promote(version))
                .stream().filter(d -> d.version().equals(version)).findFirst().orElseThrow();
    }

    @Override
    public RollbackOutcome rollback(String model, String version, String reason) {
        name("model name", model);
        name("version", version);
        reason(reason);
        for (int attempt = 1; ; attempt++) {
            RolloutState state = store.jdbi().withHandle(h -> RolloutState.load(h, model, now()));
            Deployment current = state.deployment(version);
            if (current.stage() == Stage.RETIRED) return new RollbackOutcome.AlreadyRolledBack(current);
            try {
                List<Deployment> changed = new ArrayList<>();
                long seq = apply(model, version, ROLLED_BACK, reason, state, state.rollback(version), changed);
                return new RollbackOutcome.RolledBack(changed, seq);
            } catch (ConcurrentChange e) {
                if (attempt == ATTEMPTS) throw new ConflictException("model " + model + " changed concurrently " + ATTEMPTS + " times; retry");
            }
        }
    }

    @Override
    public RouteDecision route(String model, String requestKey) {
        if (requestKey == null) throw new InvalidInputException("request key must not be null");
        RoutingTable table = tables.getIfPresent(model);
        if (table == null) {
            name("model name", model);
            table = tables.get(model);
        }
        return table.route(requestKey);
    }

    @FunctionalInterface
    private interface Planner {
        List<Deployment> plan(RolloutState state);
    }

    private List<Deployment> change(String model, String version, String kind, String reason, Planner planner) {
        for (int attempt = 1; ; attempt++) {
            RolloutState state = store.jdbi().withHandle(h -> RolloutState.load(h, model, now()));
            List<Deployment> planned = planner.plan(state);
            try {
                List<Deployment> changed = new ArrayList<>();
                apply(model, version, kind, reason, state, planned, changed);
                return changed;
            } catch (ConcurrentChange e) {
                if (attempt == ATTEMPTS) throw new ConflictException("model " + model + " changed concurrently " + ATTEMPTS + " times; retry");
            }
        }
    }

    /** Records the planned changes in the ledger and applies them in the same transaction; returns the entry's seq. */
    private long apply(String model, String version, String kind, String reason, RolloutState before,
                       List<Deployment> planned, List<Deployment> out) {
        ObjectNode payload = JSON.createObjectNode().put("model", model).put("version", version).put("reason", reason);
        ArrayNode changes = payload.putArray("changes");
        for (Deployment d : planned) {
            changes.addObject().put("version", d.version()).put("from", before.deployment(d.version()).stage().name())
                    .put("to", d.stage().name()).put("trafficPercent", d.trafficPercent());
        }
        LedgerEntry entry;
        try {
            entry = ledger.append(kind, model + "/" + version, payload, h -> {
                RolloutState now = RolloutState.load(h, model, before.time());
                if (!now.sameAs(before)) throw new ConcurrentChange();
                boolean rollingBack = kind.equals(ROLLED_BACK);
                for (Deployment d : planned)
                    upsert(h, d, before.deployment(d.version()).stage(), rollingBack && d.version().equals(version));
            });
        } finally {
            tables.invalidate(model);
        }
        out.addAll(planned);
        return entry.seq();
    }

    /**
     * Writes one deployment. {@code primary_until} marks a version that left PRIMARY because
     * another was promoted, making it the one a later rollback restores; a version that was
     * itself rolled back loses the mark, so it is never restored.
     */
    private static void upsert(Handle h, Deployment d, Stage from, boolean rolledBack) {
        String primaryUntil = from == Stage.PRIMARY && d.stage() != Stage.PRIMARY && !rolledBack
                ? d.updatedAt().toString() : null;
        String sql = rolledBack
                ? "UPDATE deployments SET stage = :s, traffic_percent = :p, updated_at = :t, primary_until = NULL "
                        + "WHERE model = :m AND version = :v"
                : "UPDATE deployments SET stage = :s, traffic_percent = :p, updated_at = :t, "
                        + "primary_until = COALESCE(:pu, primary_until) WHERE model = :m AND version = :v";
        var update = h.createUpdate(sql)
                .bind("s", d.stage().name()).bind("p", d.trafficPercent()).bind("t", d.updatedAt().toString())
                .bind("m", d.model()).bind("v", d.version());
        if (!rolledBack) update.bind("pu", primaryUntil);
        int n = update.execute();
        if (n == 0) {
            h.createUpdate("INSERT INTO deployments (model, version, stage, traffic_percent, updated_at, primary_until) "
                            + "VALUES (:m, :v, :s, :p, :t, :pu)")
                    .bind("m", d.model()).bind("v", d.version()).bind("s", d.stage().name())
                    .bind("p", d.trafficPercent()).bind("t", d.updatedAt().toString()).bind("pu", primaryUntil).execute();
        }
    }

    static List<Deployment> readDeployments(Handle h, String model) {
        return h.createQuery("SELECT version, stage, traffic_percent, updated_at FROM deployments WHERE model = :m ORDER BY version")
                .bind("m", model)
                .map((rs, ctx) -> new Deployment(model, rs.getString(1), Stage.valueOf(rs.getString(2)), rs.getDouble(3),
                        Instant.parse(rs.getString(4))))
                .list();
    }

    static Optional<Model> findModel(Handle h, String name) {
        return h.createQuery("SELECT name, description, created_at FROM models WHERE name = :n").bind("n", name)
                .map((rs, ctx) -> new Model(rs.getString(1), rs.getString(2), Instant.parse(rs.getString(3)))).findOne();
    }

    static void requireModel(Handle h, String model) {
        if (findModel(h, model).isEmpty()) throw new NotFoundException("model " + model + " is not registered");
    }

    static Optional<String> findVersion(Handle h, String model, String version) {
        return h.createQuery("SELECT version FROM model_versions WHERE model = :m AND version = :v")
                .bind("m", model).bind("v", version).mapTo(String.class).findOne();
    }

    private static com.fasterxml.jackson.databind.JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored provenance config is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Thrown inside the append's transaction when the model changed since the plan was made. */
    private static final class ConcurrentChange extends RuntimeException {
        ConcurrentChange() {
            super("concurrent change", null, false, false);
        }
    }
}
