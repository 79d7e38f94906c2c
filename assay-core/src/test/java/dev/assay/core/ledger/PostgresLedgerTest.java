package dev.assay.core.ledger;

import dev.assay.core.store.Store;
import dev.assay.core.testing.TestEnvironment;

class PostgresLedgerTest extends LedgerContractKit {
    @Override
    protected Store openStore() {
        return Store.open(TestEnvironment.freshPostgresUrl());
    }
}
