package dev.assay.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The relational store behind the ledger, the registry and the service: a pooled
 * {@link Jdbi} over SQLite (WAL, synchronous=FULL, so a committed transaction survives a
 * crash) or PostgreSQL, migrated by Flyway from {@code classpath:db/migration} on open.
 * Migrations are written in the SQL both databases accept.
 *
 * <p>Every write outside ledger appends goes through {@link #write}, which waits its turn
 * for the store's single write lock instead of failing with {@code SQLITE_BUSY}.
 */
public final class Store implements AutoCloseable {
    /** How long {@link #write} waits for its turn among writers in this process before giving up. */
    static final Duration WRITE_QUEUE_WAIT = Duration.ofSeconds(30);
    /** How long a write waits for the database lock another connection holds (SQLite busy_timeout, PostgreSQL lock_timeout). */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);
    private static final int SQLITE_BUSY = 5;
    private static final String PG_LOCK_NOT_AVAILABLE = "55P03";

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Duration writeQueueWait;
    private final Duration lockWait;
    private final ReentrantLock writeTurn = new ReentrantLock(true);
    private final ThreadLocal<Handle> writing = new ThreadLocal<>();

    private Store(Dialect dialect, HikariDataSource dataSource, Duration writeQueueWait, Duration lockWait) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        this.writeQueueWait = writeQueueWait;
        this.lockWait = lockWait;
    }

    /** An embedded SQLite store in {@code file}, creating the parent directory. */
    public static Store sqlite(Path file) {
        Objects.requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
        } catch (IOException e) {
            throw new StoreException("cannot create directory for store " + file + ": " + e.getMessage(), e);
        }
        return open("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** A store at a JDBC URL ({@code jdbc:sqlite:...} or {@code jdbc:postgresql:...}), migrated to the newest schema. */
    public static Store open(String jdbcUrl) {
        return open(jdbcUrl, WRITE_QUEUE_WAIT, LOCK_WAIT);
    }

    /** As {@link #open(String)} with the waits of {@link #write} given. */
    static Store open(String jdbcUrl, Duration writeQueueWait, Duration lockWait) {
        Dialect dialect = Dialect.ofJdbcUrl(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setPoolName("assay-store");
        config.setConnectionTimeout(10_000);
        if (dialect == Dialect.SQLITE) {
            // One writer at a time is SQLite's model; readers run beside it in WAL mode.
            config.setMaximumPoolSize(4);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("busy_timeout", Long.toString(lockWait.toMillis()));
            config.addDataSourceProperty("foreign_keys", "true");
        } else {
            config.setMaximumPoolSize(8);
        }
        HikariDataSource ds;
        try {
            ds = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("cannot open store " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        try {
            Flyway.configure()
                    .dataSource(ds)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            ds.close();
            throw new StoreException("cannot migrate store " + redact(jdbcUrl) + ": " + rootMessage(e), e);
        }
        return new Store(dialect, ds, writeQueueWait, lockWait);
    }

    /** The pooled handle source, for reads; writes other than ledger appends go through {@link #write}. */
    public Jdbi jdbi() {
        return jdbi;
    }

    /**
     * Runs {@code work} in one transaction that holds the store's write lock from its first
     * statement, and returns its result; every write other than a ledger append goes through here.
     *
     * <p>Writers in this process take turns in arrival order, waiting at most
     * 30 s ({@code WRITE_QUEUE_WAIT}) without holding a pooled connection. The transaction then takes
     * the database's write lock with a write as its first statement (an update of the
     * {@code store_info} schema row): SQLite retries that under its busy timeout, where a
     * transaction that reads first fails at once with {@code SQLITE_BUSY} when another
     * connection holds the lock or has committed since the read; PostgreSQL queues it as a row
     * lock. That wait is bounded by 10 s ({@code LOCK_WAIT}). So these writes, ledger appends and other
     * processes on the same database serialise instead of failing, and a wait that runs out is
     * a {@link StoreException} saying the store is busy. A call from inside {@code work} joins
     * the running transaction. Not for use inside a ledger action, whose handle already holds
     * the lock.
     */
    public <T, X extends Exception> T write(HandleCallback<T, X> work) throws X {
        Objects.requireNonNull(work, "work");
        Handle joined = writing.get();
        if (joined != null) return work.withHandle(joined);
        awaitWriteTurn();
        try {
            return jdbi.inTransaction(h -> {
                writing.set(h);
                try {
                    lockForWrite(h);
                    return work.withHandle(h);
                } finally {
                    writing.remove();
                }
            });
        } catch (JdbiException e) {
            if (isLockWaitTimeout(e)) {
                throw new StoreException("the store is busy: another writer held its lock for more than "
                        + lockWait.toMillis() + " ms; try again", e);
            }
            throw e;
        } finally {
            writeTurn.unlock();
        }
    }

    private void awaitWriteTurn() {
        boolean turn;
        try {
            turn = writeTurn.tryLock(writeQueueWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while waiting to write to the store", e);
        }
        if (!turn) {
            throw new StoreException("the store is busy: " + writeTurn.getQueueLength()
                    + " writes are still queued after " + writeQueueWait.toMillis() + " ms; try again");
        }
    }

    /** Takes the write lock with a write as the transaction's first statement: SQLite's database lock, a row lock on PostgreSQL. */
    private void lockForWrite(Handle h) {
        if (dialect == Dialect.POSTGRESQL) h.execute("SET LOCAL lock_timeout = " + lockWait.toMillis());
        int rows = h.createUpdate("UPDATE store_info SET value = value WHERE name = 'schema'").execute();
        if (rows != 1) throw new StoreException("store_info has no 'schema' row to lock; the store is damaged");
    }

    /** True when {@code e} is a lock wait that ran out: SQLITE_BUSY (any extended code) or PostgreSQL lock_not_available. */
    private boolean isLockWaitTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return dialect == Dialect.SQLITE
                        ? (sql.getErrorCode() & 0xff) == SQLITE_BUSY
                        : PG_LOCK_NOT_AVAILABLE.equals(sql.getSQLState());
            }
        }
        return false;
    }

    public Dialect dialect() {
        return dialect;
    }

    /** True when a trivial query succeeds; used by readiness checks. */
    public boolean ping() {
        try {
            return jdbi.withHandle(h -> h.createQuery("SELECT 1").mapTo(Integer.class).one()) == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    static String redact(String jdbcUrl) {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
