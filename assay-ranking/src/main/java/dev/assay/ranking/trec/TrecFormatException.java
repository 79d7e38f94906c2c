package dev.assay.ranking.trec;

import dev.assay.core.InvalidInputException;

/** A qrels or run file Assay cannot accept; the message names the file and, where there is one, the line. */
public final class TrecFormatException extends InvalidInputException {
    private final String file;
    private final long line;

    TrecFormatException(String file, long line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    TrecFormatException(String file, long line, String problem, Throwable cause) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    /** The file (or source name) that is wrong. */
    public String file() {
        return file;
    }

    /** The 1-based line number, or 0 when the problem is not on one line (empty file, unreadable file). */
    public long line() {
        return line;
    }
}
