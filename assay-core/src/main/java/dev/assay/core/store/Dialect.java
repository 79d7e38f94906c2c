package dev.assay.core.store;

/** The SQL databases Assay stores state in. */
public enum Dialect {
    SQLITE,
    POSTGRESQL;

    /** The dialect of a JDBC URL, or an {@link dev.assay.core.InvalidInputException} naming the URL. */
    public static Dialect ofJdbcUrl(String jdbcUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
        throw new dev.assay.core.InvalidInputException(
                "store url must start with jdbc:sqlite: or jdbc:postgresql:, but was " + jdbcUrl);
    }
}
