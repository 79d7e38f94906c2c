package dev.assay.core.store;

import dev.assay.core.testing.TestEnvironment;

class PostgresLeasesTest extends LeasesContractKit {
    @Override
    protected Store openStore() {
        return Store.open(TestEnvironment.freshPostgresUrl());
    }
}
