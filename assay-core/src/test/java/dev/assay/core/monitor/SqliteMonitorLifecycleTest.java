package dev.assay.core.monitor;

import dev.assay.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteMonitorLifecycleTest extends MonitorLifecycleContractKit {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return Store.sqlite(dir.resolve("monitors.db"));
    }
}
