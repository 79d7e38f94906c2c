package dev.assay.cli;

import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.registry.Registry;
import dev.assay.core.store.Store;
import java.time.Clock;

/**
 * The shared core as one command opens it: the store, the ledger (key from the data
 * directory) and the registry. Closing closes the ledger (committing pending appends)
 * before the store.
 */
public record CoreServices(Store store, Ledger ledger, Registry registry) implements AutoCloseable {
    public static CoreServices open(AssayConfig config, Clock clock) {
        Store store = config.store().open();
        try {
            Ledger ledger = Ledger.open(store, LedgerKeys.loadOrCreate(config.dataDir()), clock);
            return new CoreServices(store, ledger, Registry.open(store, ledger, clock));
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            ledger.close();
        } finally {
            store.close();
        }
    }
}
