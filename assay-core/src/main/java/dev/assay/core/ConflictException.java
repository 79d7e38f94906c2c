package dev.assay.core;

/** A request that is well-formed but not allowed in the current state (e.g. an illegal transition); HTTP 409, CLI exit 2. */
public class ConflictException extends AssayException {
    public ConflictException(String message) {
        super(message);
    }
}
