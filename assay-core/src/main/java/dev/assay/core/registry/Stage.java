package dev.assay.core.registry;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a model version stands in its rollout. The legal moves are the explicit table
 * below; anything else throws. A model has at most one PRIMARY and at most one
 * traffic-taking candidate (CANARY or AB) at a time.
 *
 * <pre>
 * REGISTERED -> SHADOW | CANARY | AB | PRIMARY (only while the model has no primary) | RETIRED
 * SHADOW     -> CANARY | AB | RETIRED
 * CANARY     -> CANARY (new percent) | AB | PRIMARY (promote) | RETIRED (rollback)
 * AB         -> AB (new split) | CANARY | PRIMARY (promote) | RETIRED (rollback)
 * PRIMARY    -> RETIRED (only when replaced by a promotion or a rollback)
 * RETIRED    -> PRIMARY (only by rollback, restoring the previous primary)
 * </pre>
 */
public enum Stage {
    REGISTERED,
    SHADOW,
    CANARY,
    AB,
    PRIMARY,
    RETIRED;

    private static final Map<Stage, Set<Stage>> LEGAL = Map.of(
            REGISTERED, EnumSet.of(SHADOW, CANARY, AB, PRIMARY, RETIRED),
            SHADOW, EnumSet.of(CANARY, AB, RETIRED),
            CANARY, EnumSet.of(CANARY, AB, PRIMARY, RETIRED),
            AB, EnumSet.of(AB, CANARY, PRIMARY, RETIRED),
            PRIMARY, EnumSet.of(RETIRED),
            RETIRED, EnumSet.of(PRIMARY));

    /** True when the transition table allows {@code this -> to}. */
    public boolean canMoveTo(Stage to) {
        return LEGAL.get(this).contains(to);
    }

    /** Stages that take a share of live traffic besides the primary. */
    public boolean isCandidate() {
        return this == CANARY || this == AB;
    }
}
