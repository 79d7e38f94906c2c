package dev.assay.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteStoreTest extends StoreContractKit {
    @TempDir
    Path dir;

    @Override
    protected Store openStore() {
        return Store.sqlite(dir.resolve("nested/assay.db"));
    }

    @Override
    protected String url() {
        return "jdbc:sqlite:" + dir.resolve("nested/assay.db").toAbsolutePath();
    }

    @Test
    void sqlite_busyTimeoutReachesTheDriver() {
        long timeout = store.jdbi().withHandle(h -> h.createQuery("PRAGMA busy_timeout").mapTo(Long.class).one());
        assertThat(timeout).isEqualTo(Store.LOCK_WAIT.toMillis());
    }

    @Test
    void sqlite_runsInWalMode() {
        String mode = store.jdbi().withHandle(h -> h.createQuery("PRAGMA journal_mode").mapTo(String.class).one());
        assertThat(mode).isEqualToIgnoringCase("wal");
    }

    @Test
    void reopen_keepsData() {
        store.jdbi().useHandle(h -> h.execute("INSERT INTO store_info (name, value) VALUES ('kept', 'yes')"));
        store.close();
        store = openStore();
        String kept = store.jdbi().withHandle(h -> h.createQuery("SELECT value FROM store_info WHERE name='kept'")
                .mapTo(String.class).one());
        assertThat(kept).isEqualTo("yes");
    }

    @Test
    void unknownUrl_isRejectedWithTheUrl() {
        assertThatThrownBy(() -> Store.open("jdbc:mysql://x/y"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("jdbc:mysql://x/y");
    }
}
