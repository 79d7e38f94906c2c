package dev.assay.core;

/** A named thing (model, version, entry) that does not exist; HTTP 404, CLI exit 2. */
public class NotFoundException extends AssayException {
    public NotFoundException(String message) {
        super(message);
    }
}
