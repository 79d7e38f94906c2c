package dev.assay.agent.approval;

import dev.assay.core.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteApprovalQueueTest extends ApprovalQueueContractKit {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return Store.sqlite(dir.resolve("assay.db"));
    }
}
