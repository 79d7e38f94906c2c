package dev.assay.agent.approval;

import dev.assay.core.store.Store;
import dev.assay.core.testing.TestEnvironment;

/** The contract on PostgreSQL ({@code ASSAY_TEST_PG_URL}; skipped when unset outside CI). */
class PostgresApprovalQueueTest extends ApprovalQueueContractKit {
    @Override
    protected Store openStore() {
        return Store.open(TestEnvironment.freshPostgresUrl());
    }
}
