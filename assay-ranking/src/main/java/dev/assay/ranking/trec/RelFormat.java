package dev.assay.ranking.trec;

import dev.assay.core.InvalidInputException;
import java.util.Arrays;

/**
 * The relevance file formats of trec_eval's {@code -R} ({@code formats.c}): {@link #QRELS} ({@code qid iter docno rel},
 * the default), {@link #QRELS_JG} ({@code qid jg docno rel}: judgments of several judgment groups, i.e. users),
 * {@link #PREFS} ({@code qid jg jsg docno rel_level}: preferences) and {@link #QRELS_PREFS} (a qrels file read as
 * preferences, the iter column as the judgment group).
 */
public enum RelFormat {
    QRELS("qrels"),
    QRELS_JG("qrels_jg"),
    PREFS("prefs"),
    QRELS_PREFS("qrels_prefs");

    private final String trecName;

    RelFormat(String trecName) {
        this.trecName = trecName;
    }

    /** trec_eval's name of the format, as {@code -R} takes it. */
    public String trecName() {
        return trecName;
    }

    /** The format {@code -R name} names. */
    public static RelFormat of(String name) {
        for (RelFormat f : values()) {
            if (f.trecName.equals(name)) {
                return f;
            }
        }
        throw new InvalidInputException("unknown relevance format '" + name + "' (trec_eval's -R formats: "
                + String.join(", ", Arrays.stream(values()).map(RelFormat::trecName).toList()) + ")");
    }

    @Override
    public String toString() {
        return trecName;
    }
}
