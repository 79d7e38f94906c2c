package dev.assay.llm.eval;

import dev.assay.llm.mushroom.Mushroom;
import dev.assay.llm.mushroom.MushroomRecord;
import dev.assay.llm.mushroom.SoftSpan;
import dev.assay.llm.mushroom.Span;
import dev.assay.llm.spans.Prediction;
import dev.assay.llm.spans.SpanDetector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;

/** Mu-SHROOM figures of the baselines and detectors, per language, averaged over items as the task does. */
public final class Evaluation {
    public static final int DEFAULT_FOLDS = 5;
    public static final long DEFAULT_SEED = 13;

    private Evaluation() {
    }

    /** Mean IoU and mean correlation over {@code items}. */
    public record Score(int items, double iou, double correlation) {
    }

    /** One language's (or "ALL" items') figures for every method. */
    public record Row(String lang, Score markAll, Score markNothing, Score scoreOnly, Score learnedCv, Score learnedLolo) {
    }

    /** Scores predictions against the labels of their records (in the same order). */
    public static Score score(List<MushroomRecord> records, List<Prediction> predictions) {
        double iou = 0;
        double cor = 0;
        for (int i = 0; i < records.size(); i++) {
            MushroomRecord r = records.get(i);
            Prediction p = predictions.get(i);
            iou += Mushroom.iou(r.hardLabels(), p.hardLabels());
            cor += Mushroom.correlation(r.softLabels(), p.softLabels(), r.length());
        }
        int n = records.size();
        return new Score(n, n == 0 ? Double.NaN : iou / n, n == 0 ? Double.NaN : cor / n);
    }

    public static Prediction markAll(MushroomRecord r) {
        int n = r.length();
        return new Prediction(r.id(), n == 0 ? List.of() : List.of(new Span(0, n)), n == 0 ? List.of() : List.of(new SoftSpan(0, n, 1.0)), n, n);
    }

    public static Prediction markNothing(MushroomRecord r) {
        return new Prediction(r.id(), List.of(), List.of(), r.length(), r.length());
    }

    /** Learned predictions for every record from models that never saw it: {@code folds} folds by item, shuffled with {@code seed}. */
    public static List<Prediction> crossValidated(List<MushroomRecord> records, int folds, long seed) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) order.add(i);
        Collections.shuffle(order, new Random(seed));
        int[] fold = new int[records.size()];
        for (int i = 0; i < order.size(); i++) fold[order.get(i)] = i % folds;
        Prediction[] out = new Prediction[records.size()];
        for (int f = 0; f < folds; f++) {
            List<MushroomRecord> train = new ArrayList<>();
            for (int i = 0; i < records.size(); i++) if (fold[i] != f) train.add(records.get(i));
            SpanDetector d = SpanDetector.train(train);
            for (int i = 0; i < records.size(); i++) if (fold[i] == f) out[i] = d.predict(records.get(i));
        }
        return List.of(out);
    }

    /** Learned predictions for every record from a model trained on the other languages only. */
    public static List<Prediction> leaveOneLanguageOut(List<MushroomRecord> records) {
        Prediction[] out = new Prediction[records.size()];
        for (String lang : byLanguage(records).keySet()) {
            List<MushroomRecord> train = records.stream().filter(r -> !lang(r).equals(lang)).toList();
            SpanDetector d = SpanDetector.train(train);
            for (int i = 0; i < records.size(); i++) if (lang(records.get(i)).equals(lang)) out[i] = d.predict(records.get(i));
        }
        return List.of(out);
    }

    /** The full table: one row per language and one for all items. */
    public static List<Row> run(List<MushroomRecord> records, int folds, long seed) {
        List<Prediction> all = records.stream().map(Evaluation::markAll).toList();
        List<Prediction> none = records.stream().map(Evaluation::markNothing).toList();
        SpanDetector so = SpanDetector.scoreOnly();
        List<Prediction> score = records.stream().map(so::predict).toList();
        List<Prediction> cv = crossValidated(records, folds, seed);
        boolean lolo = byLanguage(records).size() > 1;
        List<Prediction> lo = lolo ? leaveOneLanguageOut(records) : null;
        List<Row> rows = new ArrayList<>();
        Map<String, List<Integer>> groups = new TreeMap<>();
        for (int i = 0; i < records.size(); i++) groups.computeIfAbsent(lang(records.get(i)), k -> new ArrayList<>()).add(i);
        List<Integer> everything = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) everything.add(i);
        groups.put("ALL", everything);
        for (var g : groups.entrySet()) {
            List<MushroomRecord> rs = pick(records, g.getValue());
            rows.add(new Row(g.getKey(), score(rs, pick(all, g.getValue())), score(rs, pick(none, g.getValue())), score(rs, pick(score, g.getValue())),
                    score(rs, pick(cv, g.getValue())), lolo ? score(rs, pick(lo, g.getValue())) : null));
        }
        return rows;
    }

    /** The table as text, one line per language. */
    public static String table(List<Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%-4s %5s  %-13s  %-13s  %-13s  %-13s  %-13s%n", "lang", "items", "mark-all", "mark-nothing",
                "score-only", "learned (CV)", "learned (LOLO)"));
        b.append(String.format(Locale.ROOT, "%-4s %5s  %-13s  %-13s  %-13s  %-13s  %-13s%n", "", "", "IoU    cor", "IoU    cor", "IoU    cor",
                "IoU    cor", "IoU    cor"));
        for (Row r : rows) {
            b.append(String.format(Locale.ROOT, "%-4s %5d  %s  %s  %s  %s  %s%n", r.lang(), r.markAll().items(), cell(r.markAll()),
                    cell(r.markNothing()), cell(r.scoreOnly()), cell(r.learnedCv()), r.learnedLolo() == null ? "    n/a      " : cell(r.learnedLolo())));
        }
        return b.toString();
    }

    private static String cell(Score s) {
        return String.format(Locale.ROOT, "%.3f  %.3f", s.iou(), s.correlation());
    }

    static String lang(MushroomRecord r) {
        return r.lang().toUpperCase(Locale.ROOT);
    }

    static Map<String, List<MushroomRecord>> byLanguage(List<MushroomRecord> records) {
        Map<String, List<MushroomRecord>> m = new TreeMap<>();
        for (MushroomRecord r : records) m.computeIfAbsent(lang(r), k -> new ArrayList<>()).add(r);
        return m;
    }

    private static <T> List<T> pick(List<T> xs, List<Integer> idx) {
        return idx.stream().map(xs::get).toList();
    }

    /** Applies {@code f} to every record. */
    public static List<Prediction> predictAll(List<MushroomRecord> records, Function<MushroomRecord, Prediction> f) {
        return records.stream().map(f).toList();
    }
}
