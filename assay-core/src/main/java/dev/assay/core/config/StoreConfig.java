package dev.assay.core.config;

import dev.assay.core.InvalidInputException;
import dev.assay.core.store.Dialect;
import dev.assay.core.store.Store;
import java.nio.file.Path;

/** Which database holds Assay's state: a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL. */
public record StoreConfig(String url) {
    private static final String SQLITE = "jdbc:sqlite:";

    public StoreConfig {
        checkUrl(url);
    }

    static String checkUrl(String url) {
        Dialect.ofJdbcUrl(url); // throws InvalidInputException naming the URL
        if (url.equals(SQLITE)) throw new InvalidInputException("store url must name a database file, but was " + url);
        return url;
    }

    /** The SQLite store in {@code file}. */
    public static StoreConfig sqliteFile(Path file) {
        return new StoreConfig(SQLITE + file.toAbsolutePath().normalize());
    }

    public Dialect dialect() {
        return Dialect.ofJdbcUrl(url);
    }

    /** Opens (and migrates) the store; a plain SQLite file path gets its parent directory created. */
    public Store open() {
        if (url.startsWith(SQLITE)) {
            String rest = url.substring(SQLITE.length());
            if (!rest.startsWith(":") && !rest.startsWith("file:") && !rest.contains("?")) {
                return Store.sqlite(Path.of(rest));
            }
        }
        return Store.open(url);
    }
}
