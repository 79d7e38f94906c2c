package dev.assay.ranking.trec;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Preference judgments: trec_eval's {@code -R prefs} ({@code get_prefs.c}), lines {@code topic jg jsg docno rel_level},
 * or {@code -R qrels_prefs} ({@code get_qrels_prefs.c}), a qrels file {@code topic jg docno rel_level} read as
 * preferences with one judgment sub-group per judgment group. Within a judgment sub-group (jsg) of a judgment
 * group (jg), a document is preferred to every document with a lower level; level 0 means non-relevant. The
 * lines are kept as read; the {@code prefs_*} measures build their preference structures from them per topic
 * ({@code form_prefs_counts.c}), where inconsistent preferences are reported. A line whose first byte is '#' is
 * a comment, blank lines are skipped; stricter than trec_eval's {@code atof}, a level must be a finite decimal.
 */
public final class Prefs implements RelInfo {
    private final String source;
    private final RelFormat format;
    private final Map<String, Judgments> topics;
    private final List<String> topicOrder;

    private Prefs(String source, RelFormat format, Map<String, Judgments> topics) {
        this.source = source;
        this.format = format;
        this.topics = topics;
        List<String> order = new ArrayList<>(topics.keySet());
        Collections.sort(order);
        this.topicOrder = List.copyOf(order);
    }

    /** Reads a prefs file ({@code topic jg jsg docno rel_level}), plain or gzip. */
    public static Prefs read(Path file) {
        return parse(TrecText.readAll(file), file.toString(), RelFormat.PREFS);
    }

    /** Reads prefs from a stream, plain or gzip; {@code source} names it in error messages. */
    public static Prefs read(InputStream in, String source) {
        return parse(TrecText.readAll(in, source), source, RelFormat.PREFS);
    }

    /** Reads a qrels file ({@code topic jg docno rel_level}) as preferences: trec_eval's {@code -R qrels_prefs}. */
    public static Prefs readQrelsPrefs(Path file) {
        return parse(TrecText.readAll(file), file.toString(), RelFormat.QRELS_PREFS);
    }

    /** Reads a qrels stream as preferences (trec_eval's {@code -R qrels_prefs}); {@code source} names it in errors. */
    public static Prefs readQrelsPrefs(InputStream in, String source) {
        return parse(TrecText.readAll(in, source), source, RelFormat.QRELS_PREFS);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public List<String> topics() {
        return topicOrder;
    }

    /** {@link RelFormat#PREFS} or {@link RelFormat#QRELS_PREFS}, as read. */
    @Override
    public RelFormat format() {
        return format;
    }

    /** The preference lines of {@code topic}, or null when it has none. */
    public Judgments judgments(String topic) {
        return topics.get(topic);
    }

    /** One topic's preference lines, in file order (trec_eval's {@code TEXT_PREFS_INFO}). */
    public static final class Judgments {
        private final String[] jgs;
        private final String[] jsgs;
        private final String[] docnos;
        private final double[] levels;

        Judgments(String[] jgs, String[] jsgs, String[] docnos, double[] levels) {
            this.jgs = jgs;
            this.jsgs = jsgs;
            this.docnos = docnos;
            this.levels = levels;
        }

        /** Number of lines. */
        public int size() {
            return docnos.length;
        }

        /** The judgment group of line {@code i}. */
        public String jg(int i) {
            return jgs[i];
        }

        /** The judgment sub-group of line {@code i} ("0" for qrels_prefs). */
        public String jsg(int i) {
            return jsgs[i];
        }

        /** The docno of line {@code i}. */
        public String docno(int i) {
            return docnos[i];
        }

        /** The relevance level of line {@code i}. */
        public double level(int i) {
            return levels[i];
        }
    }

    /** A topic's lines while reading. */
    private static final class Builder {
        String[] jgs = new String[16];
        String[] jsgs = new String[16];
        String[] docnos = new String[16];
        double[] levels = new double[16];
        int size;

        void add(String jg, String jsg, String docno, double level) {
            if (size == docnos.length) {
                jgs = Arrays.copyOf(jgs, size * 2);
                jsgs = Arrays.copyOf(jsgs, size * 2);
                docnos = Arrays.copyOf(docnos, size * 2);
                levels = Arrays.copyOf(levels, size * 2);
            }
            jgs[size] = jg;
            jsgs[size] = jsg;
            docnos[size] = docno;
            levels[size] = level;
            size++;
        }

        Judgments build() {
            return new Judgments(Arrays.copyOf(jgs, size), Arrays.copyOf(jsgs, size), Arrays.copyOf(docnos, size),
                    Arrays.copyOf(levels, size));
        }
    }

    private static Prefs parse(byte[] buf, String source, RelFormat format) {
        Objects.requireNonNull(source, "source");
        boolean qrelsPrefs = format == RelFormat.QRELS_PREFS;
        int expected = qrelsPrefs ? 4 : 5;
        Map<String, Builder> topics = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        TrecText.forEachJudgmentLine(buf, source, expected, qrelsPrefs ? "topic jg docno rel_level" : "topic jg jsg docno rel_level",
                (bounds, line) -> {
            String topic = field(buf, bounds, 0, names);
            String jg = field(buf, bounds, 1, names);
            String jsg = qrelsPrefs ? "0" : field(buf, bounds, 2, names);
            int d = qrelsPrefs ? 2 : 3;
            String docno = new String(buf, bounds[2 * d], bounds[2 * d + 1] - bounds[2 * d], StandardCharsets.ISO_8859_1);
            double level = TrecText.parseDecimal(buf, bounds[2 * d + 2], bounds[2 * d + 3]);
            if (Double.isNaN(level)) {
                throw new TrecFormatException(source, line, "relevance level is not a finite number: "
                        + new String(buf, bounds[2 * d + 2], bounds[2 * d + 3] - bounds[2 * d + 2], StandardCharsets.ISO_8859_1));
            }
            topics.computeIfAbsent(topic, t -> new Builder()).add(jg, jsg, docno, level);
        });
        if (topics.isEmpty()) {
            throw new TrecFormatException(source, 0, "no judgments (empty " + format.trecName() + ")");
        }
        Map<String, Judgments> out = new HashMap<>();
        for (Map.Entry<String, Builder> e : topics.entrySet()) {
            out.put(e.getKey(), e.getValue().build());
        }
        return new Prefs(source, format, out);
    }

    /** Field {@code f} of the line as a string, one instance per distinct text (topic and group ids repeat). */
    private static String field(byte[] buf, int[] bounds, int f, Map<String, String> names) {
        String s = new String(buf, bounds[2 * f], bounds[2 * f + 1] - bounds[2 * f], StandardCharsets.ISO_8859_1);
        String seen = names.putIfAbsent(s, s);
        return seen == null ? s : seen;
    }
}
