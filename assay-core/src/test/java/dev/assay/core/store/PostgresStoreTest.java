package dev.assay.core.store;

import dev.assay.core.testing.TestEnvironment;

class PostgresStoreTest extends StoreContractKit {
    @Override
    protected Store openStore() {
        return Store.open(TestEnvironment.freshPostgresUrl());
    }
}
