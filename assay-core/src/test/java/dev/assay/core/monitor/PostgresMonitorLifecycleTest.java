package dev.assay.core.monitor;

import dev.assay.core.store.Store;
import dev.assay.core.testing.TestEnvironment;

class PostgresMonitorLifecycleTest extends MonitorLifecycleContractKit {
    @Override
    protected Store openStore() {
        return Store.open(TestEnvironment.freshPostgresUrl());
    }
}
