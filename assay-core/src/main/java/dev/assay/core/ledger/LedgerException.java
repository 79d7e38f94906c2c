package dev.assay.core.ledger;

import dev.assay.core.AssayException;

/** The ledger could not store, read or sign entries. */
public class LedgerException extends AssayException {
    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
