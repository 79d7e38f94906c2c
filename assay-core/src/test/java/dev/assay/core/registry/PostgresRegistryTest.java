package dev.assay.core.registry;

import dev.assay.core.store.Store;
import dev.assay.core.testing.TestEnvironment;

class PostgresRegistryTest extends RegistryContractKit {
    @Override
    protected Store openStore() {
        return Store.open(TestEnvironment.freshPostgresUrl());
    }
}
