package dev.assay.core.registry;

import dev.assay.core.ledger.Ledger;
import dev.assay.core.store.Store;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Models, their versions and their rollout. Every change is applied in the same
 * transaction as the ledger entry that records it, so the ledger and the registry never
 * disagree. Names match {@value #NAME_PATTERN}.
 */
public interface Registry {
    String NAME_PATTERN = "[a-z0-9][a-z0-9._-]{0,63}";

    static Registry open(Store store, Ledger ledger, Clock clock) {
        return new SqlRegistry(store, ledger, clock);
    }

    Model registerModel(String name, String description);

    ModelVersion registerVersion(String model, String version, Provenance provenance);

    List<Model> models();

    Optional<Model> model(String name);

    List<ModelVersion> versions(String model);

    /** Current deployments of every version of {@code model} that is not merely registered. */
    List<Deployment> deployments(String model);

    /**
     * Moves {@code version} to {@code stage} (SHADOW, CANARY, AB, PRIMARY for a model's first
     * primary, RETIRED) with a traffic share in percent (CANARY and AB: 0 < p < 100; otherwise 0).
     * Illegal moves throw {@link dev.assay.core.ConflictException} naming the move.
     */
    Deployment deploy(String model, String version, Stage stage, double trafficPercent, String reason);

    /** Makes candidate {@code version} the primary; the old primary is retired. */
    Deployment promote(String model, String version, String reason);

    /**
     * Takes {@code version} out of traffic: a candidate or shadow is retired; a primary is
     * replaced by the previous primary. Idempotent: an already retired version is a no-op.
     */
    RollbackOutcome rollback(String model, String version, String reason);

    /** The version that serves {@code requestKey}, decided by a stable hash of the key. */
    RouteDecision route(String model, String requestKey);
}
