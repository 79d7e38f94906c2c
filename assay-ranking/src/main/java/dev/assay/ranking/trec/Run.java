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
import java.util.function.Consumer;

/** A TREC run {@code topic Q0 docno rank score runid}: one {@link TopicRanking} per topic, and the run id. */
public final class Run {
    private final String source;
    private final String runId;
    private final Map<String, TopicRanking> rankings;
    private final List<String> topicOrder;
    private final long bytes;

    private Run(String source, String runId, Map<String, TopicRanking> rankings, long bytes) {
        this.source = source;
        this.runId = runId;
        this.rankings = rankings;
        List<String> order = new ArrayList<>(rankings.keySet());
        Collections.sort(order);
        this.topicOrder = List.copyOf(order);
        this.bytes = bytes;
    }

    /** Reads a run file, plain or gzip. */
    public static Run read(Path file) {
        return parse(TrecText.readAll(file), file.toString());
    }

    /** Reads a run from a stream, plain or gzip; {@code source} names it in error messages. */
    public static Run read(InputStream in, String source) {
        return parse(TrecText.readAll(in, source), source);
    }

    /** A run built in memory (for tests and for rankings that never touched a file). */
    public static Run of(String runId, List<TopicRanking> rankings) {
        Objects.requireNonNull(runId, "runId");
        Map<String, TopicRanking> map = new HashMap<>();
        for (TopicRanking r : rankings) {
            if (map.put(r.topic(), r) != null) {
                throw new IllegalArgumentException("topic given twice: " + r.topic());
            }
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException("a run needs at least one topic");
        }
        return new Run("<memory>", runId, map, 0);
    }

    /** The file or source name. */
    public String source() {
        return source;
    }

    /** The run id: the last line's sixth field, as trec_eval reports it. */
    public String runId() {
        return runId;
    }

    /** Topic ids in trec_eval's order (byte-wise ascending). */
    public List<String> topics() {
        return topicOrder;
    }

    /** The ranking for {@code topic}, or null when the run has none. */
    public TopicRanking ranking(String topic) {
        return rankings.get(topic);
    }

    /** Whether {@code other} ranks every topic exactly as this run does (same topics, documents, order and scores; run ids aside). */
    public boolean sameRankings(Run other) {
        if (!topicOrder.equals(other.topicOrder)) return false;
        for (String t : topicOrder) if (!rankings.get(t).sameRanking(other.rankings.get(t))) return false;
        return true;
    }

    /** Total number of retrieved documents over all topics. */
    public long size() {
        long n = 0;
        for (TopicRanking r : rankings.values()) {
            n += r.size();
        }
        return n;
    }

    /** Uncompressed size of the run text in bytes (0 for an in-memory run). */
    public long textBytes() {
        return bytes;
    }

    /** One topic's lines once another topic has started: exact-size arrays, in file order. */
    private record Parked(String[] docnos, double[] scores, int[] lines) {}

    /**
     * The lines of the topic being read. Topics are usually contiguous, so the arrays and the duplicate table
     * are reused from topic to topic; a topic that comes back later (trec_eval allows it) is parked in between.
     */
    private static final class TopicBuilder {
        final DocnoTable seen = new DocnoTable(1024);
        String[] docnos = new String[1024];
        double[] scores = new double[1024];
        int[] lines = new int[1024];
        int size;

        /** Starts collecting a topic: empty, or the lines it had when it was parked. */
        void start(Parked parked) {
            seen.clear();
            size = 0;
            if (parked != null) {
                for (int i = 0; i < parked.docnos.length; i++) {
                    seen.putIfAbsent(parked.docnos[i], parked.lines[i]);
                    add(parked.docnos[i], parked.scores[i], parked.lines[i]);
                }
            }
        }

        void add(String docno, double score, int line) {
            if (size == docnos.length) {
                docnos = java.util.Arrays.copyOf(docnos, size * 2);
                scores = java.util.Arrays.copyOf(scores, size * 2);
                lines = java.util.Arrays.copyOf(lines, size * 2);
            }
            docnos[size] = docno;
            scores[size] = score;
            lines[size] = line;
            size++;
        }

        Parked park() {
            return new Parked(java.util.Arrays.copyOf(docnos, size), java.util.Arrays.copyOf(scores, size),
                    java.util.Arrays.copyOf(lines, size));
        }
    }

    private static Run parse(byte[] buf, String source) {
        Lines lines = new Lines(source, null);
        lines.parse(buf, buf.length);
        Map<String, TopicRanking> rankings = new HashMap<>();
        for (Map.Entry<String, Parked> e : lines.finish().entrySet()) {
            Parked p = e.getValue();
            rankings.put(e.getKey(), TopicRanking.sortedOwned(e.getKey(), p.docnos, p.scores));
        }
        return new Run(source, lines.runId, rankings, buf.length);
    }

    /**
     * Reads a run file (plain or gzip) as a stream, handing each topic's ranking to {@code sink} as soon as the
     * topic's lines end, in file order, so that memory holds one topic and one chunk of text whatever the file's
     * size. TREC runs list each topic's lines together; when a topic comes back after another (trec_eval allows
     * it), streaming stops and this returns null: what {@code sink} received is then incomplete and the caller reads
     * the file whole ({@link #read(Path)}). Otherwise returns the run id (the last line's sixth field).
     */
    public static String forEachTopic(Path file, Consumer<TopicRanking> sink) {
        Objects.requireNonNull(sink, "sink");
        Lines lines = new Lines(file.toString(), sink);
        try {
            TrecText.readLines(file, lines::parse);
        } catch (NotContiguous e) {
            return null;
        }
        lines.finish();
        return lines.runId;
    }

    /** A topic came back after another: the run cannot be streamed topic by topic. */
    private static final class NotContiguous extends RuntimeException {
        NotContiguous() {
            super(null, null, false, false);
        }
    }

    /**
     * The line parser: checks each line, groups lines by topic, and either parks a finished topic (to sort them all at
     * the end, {@code sink} null) or hands it over at once ({@code sink} set), with one builder reused across topics.
     */
    private static final class Lines {
        final String source;
        final Consumer<TopicRanking> sink;
        final Map<String, Parked> parked = new HashMap<>();
        final java.util.Set<String> emitted = new java.util.HashSet<>();
        final TopicBuilder current = new TopicBuilder();
        final int[] bounds = new int[TrecText.BOUNDS];
        String topic;
        String runId;
        long line;

        Lines(String source, Consumer<TopicRanking> sink) {
            this.source = source;
            this.sink = sink;
        }

        /** Parses the whole lines of {@code buf[0, to)}. */
        void parse(byte[] buf, int to) {
            int runIdFrom = -1;
            int runIdTo = -1;
            int pos = 0;
            while (pos < to) {
                line++;
                int n = TrecText.fields(buf, pos, to, bounds);
                int end = bounds[TrecText.BOUNDS - 1];
                if (n > 0) {
                    if (n < 6) {
                        throw new TrecFormatException(source, line,
                                "expected 6 fields (topic Q0 docno rank score runid), found " + n);
                    }
                    String lineTopic = Qrels.topicOf(buf, bounds, topic);
                    if (lineTopic != topic) {
                        switchTo(lineTopic);
                    }
                    double score = TrecText.parseDecimal(buf, bounds[8], bounds[9]);
                    if (Double.isNaN(score)) {
                        throw new TrecFormatException(source, line, "score is not a finite number: "
                                + new String(buf, bounds[8], bounds[9] - bounds[8], StandardCharsets.ISO_8859_1));
                    }
                    String docno = new String(buf, bounds[4], bounds[5] - bounds[4], StandardCharsets.ISO_8859_1);
                    int lineNo = (int) Math.min(line, Integer.MAX_VALUE);
                    int existing = current.seen.putIfAbsent(docno, lineNo);
                    if (existing >= 0) {
                        throw new TrecFormatException(source, line, "duplicate docno " + docno + " in topic " + topic
                                + " (first on line " + current.seen.valueAt(existing) + "); trec_eval rejects duplicates too");
                    }
                    current.add(docno, score, lineNo);
                    runIdFrom = bounds[10];
                    runIdTo = bounds[11];
                }
                pos = end + 1;
            }
            if (runIdFrom >= 0) {
                runId = new String(buf, runIdFrom, runIdTo - runIdFrom, StandardCharsets.ISO_8859_1);
            }
        }

        private void switchTo(String next) {
            if (topic != null) {
                if (sink == null) {
                    parked.put(topic, current.park());
                } else {
                    Parked p = current.park();
                    emitted.add(topic);
                    sink.accept(TopicRanking.sortedOwned(topic, p.docnos, p.scores));
                }
            }
            if (sink != null && emitted.contains(next)) {
                throw new NotContiguous();
            }
            topic = next;
            current.start(parked.remove(next));
        }

        /** Ends the text: hands over or parks the last topic; the parked topics (in-memory mode). */
        Map<String, Parked> finish() {
            if (topic == null) {
                throw new TrecFormatException(source, 0, "empty run (no result lines)");
            }
            if (sink == null) {
                parked.put(topic, current.park());
            } else {
                Parked p = current.park();
                sink.accept(TopicRanking.sortedOwned(topic, p.docnos, p.scores));
            }
            return parked;
        }
    }
}
