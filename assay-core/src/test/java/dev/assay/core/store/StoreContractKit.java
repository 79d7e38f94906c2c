package dev.assay.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Behaviour every store backend must show; subclassed once per database. */
abstract class StoreContractKit {
    protected Store store;

    protected abstract Store openStore();

    @BeforeEach
    void open() {
        store = openStore();
    }

    @AfterEach
    void close() {
        if (store != null) store.close();
    }

    @Test
    void open_appliesMigrations() {
        String v = store.jdbi().withHandle(h -> h.createQuery("SELECT value FROM store_info WHERE name = 'schema'")
                .mapTo(String.class).one());
        assertThat(v).isEqualTo("assay");
        assertThat(store.ping()).isTrue();
    }

    @Test
    void failedTransaction_leavesNoTrace() {
        assertThatThrownBy(() -> store.jdbi().useTransaction(h -> {
            h.execute("INSERT INTO store_info (name, value) VALUES ('probe', 'x')");
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        int n = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM store_info WHERE name = 'probe'")
                .mapTo(Integer.class).one());
        assertThat(n).isZero();
    }

    @Test
    void duplicateKey_isRejected() {
        assertThatThrownBy(() -> store.jdbi().useHandle(h ->
                h.execute("INSERT INTO store_info (name, value) VALUES ('schema', 'again')")))
                .isInstanceOf(RuntimeException.class);
    }
}
