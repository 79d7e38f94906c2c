package dev.assay.core.document;

import java.util.Objects;

/**
 * One reason a document cannot be accepted.
 *
 * @param path    where in the document, e.g. {@code guards[2].threshold}; empty for the whole document
 * @param line    the 1-based line in the document, or 0 when the value did not come from a document line
 * @param message what is wrong, with the bad value
 */
public record Problem(String path, int line, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0) throw new IllegalArgumentException("line must be >= 0, but was " + line);
    }

    /** {@code path: message (line N)}, without the parts that are absent. */
    @Override
    public String toString() {
        return (path.isEmpty() ? "" : path + ": ") + message + (line == 0 ? "" : " (line " + line + ")");
    }
}
