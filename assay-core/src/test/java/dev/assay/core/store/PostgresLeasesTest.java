package dev.assay.core.store;

import dev.assay.core.testing.TestEnvironment;

class PostgresLeasesTest extends LeasesContractKit {
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
