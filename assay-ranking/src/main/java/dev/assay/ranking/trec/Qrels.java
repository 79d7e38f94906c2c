package dev.assay.ranking.trec;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Relevance judgments {@code topic iter docno rel}, one table per topic (trec_eval's {@code -R qrels},
 * {@code get_qrels.c}). A negative level marks a document that is in the pool but unjudged (trec_eval's
 * RELVALUE_UNJUDGED); it counts at no level. A line whose first byte is '#' is a comment.
 */
public final class Qrels implements RelInfo {
    /** Level reported for a docno the qrels do not mention (trec_eval's RELVALUE_NONPOOL). */
    public static final int NOT_IN_POOL = -1;
    /** Level reported for a docno judged with a negative level (trec_eval's RELVALUE_UNJUDGED). */
    public static final int UNJUDGED = -2;

    private final String source;
    private final Map<String, TopicJudgments> topics;
    private final List<String> topicOrder;

    Qrels(String source, Map<String, TopicJudgments> topics) {
        this.source = source;
        this.topics = topics;
        List<String> order = new ArrayList<>(topics.keySet());
        Collections.sort(order);
        this.topicOrder = List.copyOf(order);
    }

    /** Reads a qrels file, plain or gzip. */
    public static Qrels read(Path file) {
        return parse(TrecText.readAll(file), file.toString());
    }

    /** Reads qrels from a stream, plain or gzip; {@code source} names it in error messages. */
    public static Qrels read(InputStream in, String source) {
        return parse(TrecText.readAll(in, source), source);
    }

    /** The file or source name these qrels came from. */
    @Override
    public String source() {
        return source;
    }

    /** Topic ids in trec_eval's order (byte-wise ascending). */
    @Override
    public List<String> topics() {
        return topicOrder;
    }

    @Override
    public RelFormat format() {
        return RelFormat.QRELS;
    }

    /** Whether {@code topic} has judgments. */
    public boolean hasTopic(String topic) {
        return topics.containsKey(topic);
    }

    /** The judgment level of {@code docno} for {@code topic}: {@link #NOT_IN_POOL}, {@link #UNJUDGED} or a level >= 0. */
    public int level(String topic, String docno) {
        TopicJudgments t = topics.get(topic);
        return t == null ? NOT_IN_POOL : t.level(docno);
    }

    /** Number of documents judged at each level 0..max for {@code topic} (empty for an unknown topic). */
    public int[] levelCounts(String topic) {
        TopicJudgments t = topics.get(topic);
        return t == null ? new int[0] : t.levelCounts.clone();
    }

    /** Number of documents with level >= {@code relevanceLevel} for {@code topic}. */
    public int relevantCount(String topic, int relevanceLevel) {
        TopicJudgments t = topics.get(topic);
        return t == null ? 0 : t.relevantCount(relevanceLevel);
    }

    /**
     * The judgment level of each document of {@code ranking}, in its order ({@link #NOT_IN_POOL},
     * {@link #UNJUDGED} or a level >= 0): trec_eval's {@code results_rel_list}.
     */
    public int[] levels(TopicRanking ranking) {
        int[] out = new int[ranking.size()];
        TopicJudgments t = topics.get(ranking.topic());
        if (t == null) {
            java.util.Arrays.fill(out, NOT_IN_POOL);
            return out;
        }
        // A long ranking probes most of the topic's table at random; reading it through first turns those cache
        // misses into one sequential pass (about 10% of a Robust03 evaluation).
        if (out.length >= t.levels.size() / 4 && t.levels.warm() == Long.MIN_VALUE) {
            java.util.Arrays.fill(out, 0); // a no-op on the new array: the test only keeps the warm-up reads alive
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = t.level(ranking.docno(i));
        }
        return out;
    }

    TopicJudgments judgments(String topic) {
        return topics.get(topic);
    }

    /** One topic's judgments: docno to level, and the count of documents at each level >= 0. */
    static final class TopicJudgments {
        final DocnoTable levels;
        final int[] levelCounts;

        TopicJudgments(DocnoTable levels, int[] levelCounts) {
            this.levels = levels;
            this.levelCounts = levelCounts;
        }

        int level(String docno) {
            int level = levels.get(docno, Integer.MIN_VALUE);
            if (level == Integer.MIN_VALUE) {
                return NOT_IN_POOL;
            }
            return level < 0 ? UNJUDGED : level;
        }

        int relevantCount(int relevanceLevel) {
            int n = 0;
            for (int l = Math.max(0, relevanceLevel); l < levelCounts.length; l++) {
                n += levelCounts[l];
            }
            return n;
        }
    }

    private static final int MAX_LEVEL = 1_000_000;

    private static Qrels parse(byte[] buf, String source) {
        Objects.requireNonNull(source, "source");
        Map<String, DocnoTable> tables = new HashMap<>();
        Map<String, int[]> counts = new HashMap<>();
        // the topic of the previous line and its table: lines of one topic usually come together
        String[] lastTopic = new String[1];
        DocnoTable[] last = new DocnoTable[1];
        TrecText.forEachJudgmentLine(buf, source, 4, "topic iter docno rel", (bounds, line) -> {
            String topic = topicOf(buf, bounds, lastTopic[0]);
            if (!topic.equals(lastTopic[0])) {
                lastTopic[0] = topic;
                last[0] = tables.computeIfAbsent(topic, t -> new DocnoTable(256));
            }
            DocnoTable table = last[0];
            int level = parseLevel(buf, bounds[6], bounds[7], source, line);
            String docno = new String(buf, bounds[4], bounds[5] - bounds[4], StandardCharsets.ISO_8859_1);
            if (table.putIfAbsent(docno, level) >= 0) {
                throw new TrecFormatException(source, line, "duplicate docno " + docno + " for topic " + topic);
            }
            if (level >= 0) {
                int[] c = counts.get(topic);
                int[] after = countLevel(c, level);
                if (after != c) {
                    counts.put(topic, after);
                }
            }
        });
        if (tables.isEmpty()) {
            throw new TrecFormatException(source, 0, "no judgments (empty qrels)");
        }
        Map<String, TopicJudgments> topics = new HashMap<>();
        for (Map.Entry<String, DocnoTable> e : tables.entrySet()) {
            topics.put(e.getKey(), new TopicJudgments(e.getValue(), trimmed(counts.getOrDefault(e.getKey(), new int[0]))));
        }
        return new Qrels(source, topics);
    }

    /** {@code c} without its trailing zeros: the count at each level up to the highest present. */
    static int[] trimmed(int[] c) {
        int used = c.length;
        while (used > 0 && c[used - 1] == 0) {
            used--;
        }
        int[] out = new int[used];
        System.arraycopy(c, 0, out, 0, used);
        return out;
    }

    /** {@code c} with one more document at {@code level} (>= 0), grown as needed. */
    static int[] countLevel(int[] c, int level) {
        if (c == null || c.length <= level) {
            int[] grown = new int[Math.max(level + 1, c == null ? 4 : c.length)];
            if (c != null) {
                System.arraycopy(c, 0, grown, 0, c.length);
            }
            c = grown;
        }
        c[level]++;
        return c;
    }

    static String topicOf(byte[] buf, int[] bounds, String last) {
        int from = bounds[0];
        int len = bounds[1] - from;
        if (last != null && last.length() == len) {
            boolean same = true;
            for (int i = 0; i < len; i++) {
                if (last.charAt(i) != (char) (buf[from + i] & 0xff)) {
                    same = false;
                    break;
                }
            }
            if (same) {
                return last;
            }
        }
        return new String(buf, from, len, StandardCharsets.ISO_8859_1);
    }

    static int parseLevel(byte[] b, int from, int to, String source, long line) {
        int i = from;
        boolean negative = false;
        if (b[i] == '-' || b[i] == '+') {
            negative = b[i] == '-';
            i++;
        }
        if (i == to) {
            throw new TrecFormatException(source, line, "relevance is not an integer: "
                    + new String(b, from, to - from, StandardCharsets.ISO_8859_1));
        }
        long v = 0;
        for (; i < to; i++) {
            if (b[i] < '0' || b[i] > '9') {
                throw new TrecFormatException(source, line, "relevance is not an integer: "
                        + new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            }
            v = v * 10 + (b[i] - '0');
            if (v > MAX_LEVEL) {
                throw new TrecFormatException(source, line, "relevance level out of range (|level| <= "
                        + MAX_LEVEL + "): " + new String(b, from, to - from, StandardCharsets.ISO_8859_1));
            }
        }
        return (int) (negative ? -v : v);
    }
}
