package dev.assay.core.registry;

import dev.assay.core.ConflictException;
import dev.assay.core.NotFoundException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/**
 * One model's rollout as read at one moment, and the pure planning of changes to it:
 * each plan returns the deployments that change, or throws when the move is illegal.
 */
final class RolloutState {
    private record Row(Stage stage, double percent, Instant primaryUntil) {}

    private final String model;
    private final Instant time;
    private final Set<String> versions;
    private final Map<String, Row> rows;

    private RolloutState(String model, Instant time, Set<String> versions, Map<String, Row> rows) {
        this.model = model;
        this.time = time;
        this.versions = versions;
        this.rows = rows;
    }

    static RolloutState load(Handle h, String model, Instant time) {
        SqlRegistry.requireModel(h, model);
        Set<String> versions = new TreeSet<>(h.createQuery("SELECT version FROM model_versions WHERE model = :m")
                .bind("m", model).mapTo(String.class).list());
        Map<String, Row> rows = new HashMap<>();
        h.createQuery("SELECT version, stage, traffic_percent, primary_until FROM deployments WHERE model = :m")
                .bind("m", model)
                .map((rs, ctx) -> {
                    String pu = rs.getString(4);
                    rows.put(rs.getString(1), new Row(Stage.valueOf(rs.getString(2)), rs.getDouble(3),
                            pu == null ? null : Instant.parse(pu)));
                    return null;
                })
                .list();
        return new RolloutState(model, time, versions, rows);
    }

    Instant time() {
        return time;
    }

    /** Same versions and the same stages and shares (times aside). */
    boolean sameAs(RolloutState other) {
        if (!versions.equals(other.versions) || rows.size() != other.rows.size()) return false;
        for (var e : rows.entrySet()) {
            Row o = other.rows.get(e.getKey());
            if (o == null || o.stage() != e.getValue().stage() || o.percent() != e.getValue().percent()) return false;
        }
        return true;
    }

    Deployment deployment(String version) {
        if (!versions.contains(version))
            throw new NotFoundException("version " + version + " of model " + model + " is not registered");
        Row r = rows.get(version);
        return r == null ? new Deployment(model, version, Stage.REGISTERED, 0, time)
                : new Deployment(model, version, r.stage(), r.percent(), time);
    }

    private String versionIn(Stage... stages) {
        for (var e : rows.entrySet()) for (Stage s : stages) if (e.getValue().stage() == s) return e.getKey();
        return null;
    }

    private Deployment at(String version, Stage stage, double percent) {
        return new Deployment(model, version, stage, percent, time);
    }

    private void requireMove(String version, Stage from, Stage to) {
        if (!from.canMoveTo(to))
            throw new ConflictException("version " + version + " of model " + model + " cannot move from " + from + " to " + to);
    }

    List<Deployment> deploy(String version, Stage to, double percent) {
        Stage from = deployment(version).stage();
        requireMove(version, from, to);
        String primary = versionIn(Stage.PRIMARY);
        String candidate = versionIn(Stage.CANARY, Stage.AB);
        List<Deployment> out = new ArrayList<>();
        switch (to) {
            case PRIMARY -> {
                if (from == Stage.RETIRED)
                    throw new ConflictException("a retired version returns to PRIMARY only by rolling back the current primary");
                if (primary != null)
                    throw new ConflictException("model " + model + " already has primary " + primary
                            + "; deploy " + version + " as CANARY or AB and promote it");
                if (candidate != null)
                    throw new ConflictException("model " + model + " has candidate " + candidate + "; promote or roll it back first");
                out.add(at(version, Stage.PRIMARY, 100));
            }
            case CANARY, AB -> {
                if (primary == null)
                    throw new ConflictException("model " + model + " has no primary; deploy a PRIMARY before a " + to);
                if (candidate != null && !candidate.equals(version))
                    throw new ConflictException("model " + model + " already has candidate " + candidate + " at "
                            + rows.get(candidate).stage() + "; promote or roll it back first");
                out.add(at(version, to, percent));
                out.add(at(primary, Stage.PRIMARY, 100 - percent));
            }
            case SHADOW -> out.add(at(version, Stage.SHADOW, 0));
            case RETIRED -> {
                if (from == Stage.PRIMARY)
                    throw new ConflictException("a primary is retired only by promoting another version or by rollback");
                out.add(at(version, Stage.RETIRED, 0));
                if (from.isCandidate() && primary != null) out.add(at(primary, Stage.PRIMARY, 100));
            }
            case REGISTERED -> throw new ConflictException("cannot deploy to stage REGISTERED");
        }
        return out;
    }

    List<Deployment> promote(String version) {
        Stage from = deployment(version).stage();
        if (from == Stage.PRIMARY) throw new ConflictException("version " + version + " of model " + model + " is already PRIMARY");
        if (!from.isCandidate())
            throw new ConflictException("only a CANARY or AB candidate can be promoted; version " + version + " is " + from);
        requireMove(version, from, Stage.PRIMARY);
        List<Deployment> out = new ArrayList<>();
        out.add(at(version, Stage.PRIMARY, 100));
        String primary = versionIn(Stage.PRIMARY);
        if (primary != null) out.add(at(primary, Stage.RETIRED, 0));
        return out;
    }

    List<Deployment> rollback(String version) {
        Stage from = deployment(version).stage();
        List<Deployment> out = new ArrayList<>();
        switch (from) {
            case CANARY, AB, SHADOW -> {
                out.add(at(version, Stage.RETIRED, 0));
                String primary = versionIn(Stage.PRIMARY);
                if (from.isCandidate() && primary != null) out.add(at(primary, Stage.PRIMARY, 100));
            }
            case PRIMARY -> {
                String previous = null;
                Instant latest = null;
                for (var e : rows.entrySet()) {
                    Row r = e.getValue();
                    if (r.stage() == Stage.RETIRED && r.primaryUntil() != null
                            && (latest == null || r.primaryUntil().isAfter(latest))) {
                        previous = e.getKey();
                        latest = r.primaryUntil();
                    }
                }
                if (previous == null)
                    throw new ConflictException("version " + version + " of model " + model
                            + " is the first primary: there is no previous primary to roll back to");
                String candidate = versionIn(Stage.CANARY, Stage.AB);
                double share = candidate == null ? 0 : rows.get(candidate).percent();
                out.add(at(previous, Stage.PRIMARY, 100 - share));
                out.add(at(version, Stage.RETIRED, 0));
            }
            case REGISTERED -> throw new ConflictException("version " + version + " of model " + model + " was never deployed");
            case RETIRED -> { }
        }
        return out;
    }
}
