package dev.assay.llm.coordinate;

import dev.assay.core.InvalidInputException;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How final answers are read from replies and compared.
 *
 * <p>The final answer of a reply is the text after its last {@code Answer:} marker (any case, at the start of a
 * line), or its last non-blank line when it has none. Normalised, it is NFKC, lower case, with whitespace collapsed
 * and surrounding quotes, markdown emphasis and trailing {@code . , ; : ! ?} removed: {@code "Answer: **Paris**."}
 * and {@code "answer: paris"} agree. Two answers agree {@link Agreement.Kind#EXACT exactly} when their normalised
 * forms are equal, or {@link Agreement.Kind#JACCARD by tokens} when the Jaccard index of their sets of normalised
 * word tokens reaches the threshold (two empty answers agree).
 */
public final class Answers {
    private static final Pattern MARKER = Pattern.compile("(?im)^\\s*(?:\\*\\*)?answer(?:\\*\\*)?\\s*:\\s*(?:\\*\\*(?!\\S*\\*\\*))?\\s*(.*)$");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+");

    private Answers() {}

    /** How two final answers are judged to agree. */
    public record Agreement(Kind kind, double threshold) {
        /** Default Jaccard threshold of {@link #jaccard}. */
        public static final double DEFAULT_JACCARD = 0.8;

        public enum Kind { EXACT, JACCARD }

        public Agreement {
            if (kind == null) throw new InvalidInputException("an agreement needs a kind");
            if (kind == Kind.JACCARD && !(threshold > 0 && threshold <= 1))
                throw new InvalidInputException("the Jaccard threshold must be in (0, 1], but was " + threshold);
        }

        /** Normalised exact match. */
        public static Agreement exact() {
            return new Agreement(Kind.EXACT, 1);
        }

        /** Token-set Jaccard index of at least {@code threshold}. */
        public static Agreement jaccard(double threshold) {
            return new Agreement(Kind.JACCARD, threshold);
        }

        /** Whether replies {@code a} and {@code b} agree on their final answers. */
        public boolean agree(String a, String b) {
            return switch (kind) {
                case EXACT -> normalised(a).equals(normalised(b));
                case JACCARD -> Answers.jaccard(a, b) >= threshold;
            };
        }
    }

    /** The final answer of {@code reply}, as written. */
    public static String finalAnswer(String reply) {
        Matcher m = MARKER.matcher(reply);
        String last = null;
        while (m.find()) last = m.group(1);
        if (last != null) return last.strip();
        String[] lines = reply.strip().split("\\R");
        return lines[lines.length - 1].strip();
    }

    /** The normalised final answer of {@code reply}. */
    public static String normalised(String reply) {
        String s = Normalizer.normalize(finalAnswer(reply), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        s = s.replaceAll("\\s+", " ").strip();
        String before;
        do {
            before = s;
            s = s.replaceAll("^[\\s\"'`*_]+|[\\s\"'`*_]+$", "").replaceAll("[.,;:!?]+$", "");
        } while (!s.equals(before));
        return s;
    }

    /** Jaccard index of the word-token sets of the two normalised final answers; 1 when both are empty. */
    public static double jaccard(String a, String b) {
        Set<String> x = tokens(normalised(a));
        Set<String> y = tokens(normalised(b));
        if (x.isEmpty() && y.isEmpty()) return 1;
        Set<String> union = new HashSet<>(x);
        union.addAll(y);
        x.retainAll(y);
        return (double) x.size() / union.size();
    }

    /**
     * The index of the reply whose normalised final answer is most frequent (majority vote); among equally frequent
     * answers, the one given first.
     */
    public static int majority(List<String> replies) {
        if (replies.isEmpty()) throw new IllegalArgumentException("a vote needs at least one reply");
        Map<String, int[]> counts = new LinkedHashMap<>(); // answer -> {count, first index}
        for (int i = 0; i < replies.size(); i++) {
            int index = i;
            counts.computeIfAbsent(normalised(replies.get(i)), k -> new int[] {0, index})[0]++;
        }
        int best = -1;
        int bestCount = 0;
        for (int[] c : counts.values()) {
            if (c[0] > bestCount) {
                bestCount = c[0];
                best = c[1];
            }
        }
        return best;
    }

    /**
     * The consensus rate of final answers: the fraction of the n(n-1)/2 pairs of replies that agree; 3 replies of
     * which 2 agree give 1/3.
     */
    public static double consensus(List<String> replies, Agreement agreement) {
        int n = replies.size();
        if (n < 2) throw new IllegalArgumentException("consensus needs at least two replies, but got " + n);
        int agree = 0;
        for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) if (agreement.agree(replies.get(i), replies.get(j))) agree++;
        return agree / (n * (n - 1) / 2.0);
    }

    private static Set<String> tokens(String s) {
        Set<String> out = new HashSet<>();
        Matcher m = TOKEN.matcher(s);
        while (m.find()) out.add(m.group());
        return out;
    }
}
