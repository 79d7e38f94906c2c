package dev.assay.core.registry;

import dev.assay.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteRegistryTest extends RegistryContractKit {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return Store.sqlite(dir.resolve("registry.db"));
    }
}
