package dev.assay.core;

/** Root of every exception Assay throws on purpose; the CLI and HTTP layers map subclasses to exit codes and statuses. */
public class AssayException extends RuntimeException {
    public AssayException(String message) {
        super(message);
    }

    public AssayException(String message, Throwable cause) {
        super(message, cause);
    }
}
