package dev.assay.core.document;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** The known name nearest to a misspelt one, by optimal-string-alignment distance (Levenshtein plus adjacent swaps). */
public final class Suggestions {
    private Suggestions() {}

    /** The nearest of {@code known} when it is within a third of the longer name's length (at least 1, at most 3 edits). */
    public static Optional<String> nearest(String unknown, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(unknown.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance || (d == bestDistance && closerInLength(unknown, k, best))) {
                best = k;
                bestDistance = d;
            }
        }
        if (best == null) return Optional.empty();
        int allowed = Math.max(1, Math.min(3, Math.max(unknown.length(), best.length()) / 3));
        return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
    }

    /** On a tie, the name whose length is nearer the unknown one's, then the first in alphabetical order. */
    private static boolean closerInLength(String unknown, String candidate, String best) {
        int c = Math.abs(candidate.length() - unknown.length());
        int b = Math.abs(best.length() - unknown.length());
        return c < b || (c == b && candidate.compareTo(best) < 0);
    }

    /** Edits (insert, delete, substitute, swap adjacent) turning {@code a} into {@code b}; O(|a| |b|). */
    static int distance(String a, String b) {
        if (a.length() > 64 || b.length() > 64) return Math.max(a.length(), b.length());
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) d[i][0] = i;
        for (int j = 0; j <= b.length(); j++) d[0][j] = j;
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
