package dev.assay.core;

/** Input that Assay cannot accept (a file, a request body, a parameter); HTTP 400, CLI exit 2. */
public class InvalidInputException extends AssayException {
    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
