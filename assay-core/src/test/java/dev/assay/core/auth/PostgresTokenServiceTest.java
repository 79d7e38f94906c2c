package dev.assay.core.auth;

import dev.assay.core.store.Store;
import dev.assay.core.testing.TestEnvironment;

class PostgresTokenServiceTest extends TokenServiceContractKit {
    @Override
    protected Store openStore() {
        return Store.open(TestEnvironment.freshPostgresUrl());
    }
}
