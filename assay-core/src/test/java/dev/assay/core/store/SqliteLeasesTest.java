package dev.assay.core.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteLeasesTest extends LeasesContractKit {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return Store.sqlite(dir.resolve("leases.db"));
    }

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("leases.db").toAbsolutePath();
    }
}
