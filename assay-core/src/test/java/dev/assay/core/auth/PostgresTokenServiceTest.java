package dev.assay.core.auth;

import dev.assay.core.store.Store;
import dev.assay.core.testing.TestEnvironment;

class PostgresTokenServiceTest extends TokenServiceContractKit {
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
