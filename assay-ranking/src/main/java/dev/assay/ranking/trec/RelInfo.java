package dev.assay.ranking.trec;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Relevance information for evaluating runs, in one of trec_eval's {@link RelFormat}s (its {@code ALL_REL_INFO}):
 * {@link Qrels}, {@link QrelsJg} or {@link Prefs}. Its topics, in trec_eval's order, are the topics evaluated.
 */
public sealed interface RelInfo permits Qrels, QrelsJg, Prefs {
    /** The file or source name this came from. */
    String source();

    /** Topic ids in trec_eval's order (byte-wise ascending). */
    List<String> topics();

    /** The format it was read as. */
    RelFormat format();

    /** Reads a relevance file (plain or gzip) in {@code format}, as trec_eval's {@code -R format} reads it. */
    static RelInfo read(Path file, RelFormat format) {
        return switch (Objects.requireNonNull(format, "format")) {
            case QRELS -> Qrels.read(file);
            case QRELS_JG -> QrelsJg.read(file);
            case PREFS -> Prefs.read(file);
            case QRELS_PREFS -> Prefs.readQrelsPrefs(file);
        };
    }

    /** Reads relevance information from a stream (plain or gzip) in {@code format}; {@code source} names it in errors. */
    static RelInfo read(InputStream in, String source, RelFormat format) {
        return switch (Objects.requireNonNull(format, "format")) {
            case QRELS -> Qrels.read(in, source);
            case QRELS_JG -> QrelsJg.read(in, source);
            case PREFS -> Prefs.read(in, source);
            case QRELS_PREFS -> Prefs.readQrelsPrefs(in, source);
        };
    }
}
