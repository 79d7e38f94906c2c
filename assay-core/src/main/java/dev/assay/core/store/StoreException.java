package dev.assay.core.store;

import dev.assay.core.AssayException;

/** The database could not be opened, migrated or written. */
public class StoreException extends AssayException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
