package dev.assay.core.store;

import dev.assay.core.testing.TestEnvironment;

class PostgresStoreTest extends StoreContractKit {
    private String url;

    @Override
    protected Store openStore() {
        url = TestEnvironment.freshPostgresUrl();
        return Store.open(url);
    }

    @Override
    protected String url() {
        return url;
    }
}
