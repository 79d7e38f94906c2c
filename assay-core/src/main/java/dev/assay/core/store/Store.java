package dev.assay.core.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Jdbi;

/**
 * The relational store behind the ledger, the registry and the service: a pooled
 * {@link Jdbi} over SQLite (WAL, synchronous=FULL, so a committed transaction survives a
 * crash) or PostgreSQL, migrated by Flyway from {@code classpath:db/migration} on open.
 * Migrations are written in the SQL both databases accept.
 */
public final class Store implements AutoCloseable {
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    private Store(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
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
            config.addDataSourceProperty("busy_timeout", "10000");
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
        return new Store(dialect, ds);
    }

    public Jdbi jdbi() {
        return jdbi;
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
