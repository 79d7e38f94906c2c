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
 * Relevance judgments of several judgment groups (users), {@code topic jg docno rel}: trec_eval's
 * {@code -R qrels_jg} ({@code get_qrels_jg.c}). Each judgment group of a topic is a set of qrels of its own;
 * the {@code *_avgjg} measures evaluate the run against each and average over the groups. As for qrels, a
 * line whose first byte is '#' is a comment, blank lines are skipped, the relevance must be an integer
 * (negative: in the pool but unjudged), and a docno judged twice by one group of a topic is an error
 * (trec_eval's "duplicate docs").
 */
public final class QrelsJg implements RelInfo {
    private final String source;
    private final Map<String, List<String>> groupIds;
    private final Map<String, List<Qrels>> groups;
    private final List<String> topicOrder;

    private QrelsJg(String source, Map<String, List<String>> groupIds, Map<String, List<Qrels>> groups) {
        this.source = source;
        this.groupIds = groupIds;
        this.groups = groups;
        List<String> order = new ArrayList<>(groups.keySet());
        Collections.sort(order);
        this.topicOrder = List.copyOf(order);
    }

    /** Reads a qrels_jg file, plain or gzip. */
    public static QrelsJg read(Path file) {
        return parse(TrecText.readAll(file), file.toString());
    }

    /** Reads qrels_jg from a stream, plain or gzip; {@code source} names it in error messages. */
    public static QrelsJg read(InputStream in, String source) {
        return parse(TrecText.readAll(in, source), source);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<String> topics() {
        return topicOrder;
    }

    @Override
    public RelFormat format() {
        return RelFormat.QRELS_JG;
    }

    /** The judgment group ids of {@code topic}, in trec_eval's order (byte-wise ascending); empty for an unknown topic. */
    public List<String> groupIds(String topic) {
        return groupIds.getOrDefault(topic, List.of());
    }

    /**
     * The judgments of each judgment group of {@code topic}, aligned with {@link #groupIds}, each as qrels of that
     * one topic; empty for an unknown topic.
     */
    public List<Qrels> groups(String topic) {
        return groups.getOrDefault(topic, List.of());
    }

    /** One judgment group's judgments while reading. */
    private static final class Group {
        final DocnoTable table = new DocnoTable(64);
        int[] counts;
    }

    private static QrelsJg parse(byte[] buf, String source) {
        Objects.requireNonNull(source, "source");
        Map<String, Map<String, Group>> topics = new HashMap<>();
        TrecText.forEachJudgmentLine(buf, source, 4, "topic jg docno rel", (bounds, line) -> {
            String topic = new String(buf, bounds[0], bounds[1] - bounds[0], StandardCharsets.ISO_8859_1);
            String jg = new String(buf, bounds[2], bounds[3] - bounds[2], StandardCharsets.ISO_8859_1);
            String docno = new String(buf, bounds[4], bounds[5] - bounds[4], StandardCharsets.ISO_8859_1);
            int level = Qrels.parseLevel(buf, bounds[6], bounds[7], source, line);
            Group g = topics.computeIfAbsent(topic, t -> new HashMap<>()).computeIfAbsent(jg, j -> new Group());
            if (g.table.putIfAbsent(docno, level) >= 0) {
                throw new TrecFormatException(source, line, "duplicate docno " + docno + " for topic " + topic
                        + " in judgment group " + jg);
            }
            if (level >= 0) {
                g.counts = Qrels.countLevel(g.counts, level);
            }
        });
        if (topics.isEmpty()) {
            throw new TrecFormatException(source, 0, "no judgments (empty qrels_jg)");
        }
        Map<String, List<String>> ids = new HashMap<>();
        Map<String, List<Qrels>> groups = new HashMap<>();
        for (Map.Entry<String, Map<String, Group>> t : topics.entrySet()) {
            List<String> jgs = new ArrayList<>(t.getValue().keySet());
            Collections.sort(jgs);
            List<Qrels> qrels = new ArrayList<>(jgs.size());
            for (String jg : jgs) {
                Group g = t.getValue().get(jg);
                int[] counts = Qrels.trimmed(g.counts == null ? new int[0] : g.counts);
                qrels.add(new Qrels(source, Map.of(t.getKey(), new Qrels.TopicJudgments(g.table, counts))));
            }
            ids.put(t.getKey(), List.copyOf(jgs));
            groups.put(t.getKey(), List.copyOf(qrels));
        }
        return new QrelsJg(source, ids, groups);
    }
}
