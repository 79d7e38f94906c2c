package dev.assay.core.auth;

import dev.assay.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteTokenServiceTest extends TokenServiceContractKit {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return Store.sqlite(dir.resolve("assay.db"));
    }

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("assay.db").toAbsolutePath();
    }
}
