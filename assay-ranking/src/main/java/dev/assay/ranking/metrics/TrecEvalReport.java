package dev.assay.ranking.metrics;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * trec_eval's text output for a {@link RunScores} ({@code meas_print_single.c}, {@code meas_print_final.c}):
 * lines {@code printf("%-22s\t%s\t%6.4f\n", measure, topic, value)} ({@code %ld} for counts), topic
 * {@code all} for the summary. With {@code perTopic} ({@code -q}), each topic's values come first, topics
 * in trec_eval's order, families in table order, only those trec_eval prints per topic. When the measures
 * include {@code runid}, it is printed where trec_eval prints it (in the summary block). The output is byte
 * for byte trec_eval's for any measures; {@link #runIdLine} is the line a caller puts before each block
 * when it prints several runs whose measures lack {@code runid}. With z-scores ({@code -Z}), numeric lines start with "Z" and counts are printed
 * as {@code %6.4f} too, as trec_eval prints them then.
 */
final class TrecEvalReport {
    private TrecEvalReport() {}

    /** The report of one run; the caller must check {@link RunScores#hasData()} first. */
    public static String format(RunScores e, boolean perTopic) {
        if (!e.hasData()) {
            throw new IllegalArgumentException("NO_DATA: run " + e.runId() + " has no judged topic");
        }
        List<Measure> measures = e.measures();
        StringBuilder out = new StringBuilder(64 * (1 + measures.size() * (perTopic ? e.topics().size() + 1 : 1)));
        boolean z = e.options().zScored();
        if (perTopic) {
            double[][] v = new double[measures.size()][];
            for (int m = 0; m < v.length; m++) {
                if (measures.get(m).numeric()) {
                    v[m] = e.perTopic(measures.get(m));
                }
            }
            for (int t = 0; t < e.topics().size(); t++) {
                String topic = e.topics().get(t);
                String shown = display(topic);
                for (int m = 0; m < v.length; m++) {
                    Measure x = measures.get(m);
                    if (!x.family.perTopic) {
                        continue;
                    }
                    switch (x.family.kind) {
                        case DOUBLE -> line(out, z, x.name(), shown).append(fourDecimals(v[m][t]));
                        case LONG -> line(out, z, x.name(), shown).append(z ? fourDecimals(v[m][t]) : CFormat.cLong(v[m][t]));
                        case TEXT -> line(out, x.name(), shown).append('\'').append(e.text(x, topic)).append('\'');
                        case RUNID -> line(out, x.name(), shown).append(display(e.runId()));
                    }
                    out.append('\n');
                }
            }
        }
        for (Measure m : measures) {
            switch (m.family.kind) {
                case DOUBLE -> line(out, z, m.name(), "all").append(fourDecimals(e.mean(m).orElseThrow())).append('\n');
                case LONG -> {
                    double v = e.mean(m).orElseThrow();
                    line(out, z, m.name(), "all").append(z ? fourDecimals(v) : CFormat.cLong(v)).append('\n');
                }
                case RUNID -> line(out, "runid", "all").append(display(e.runId())).append('\n');
                case TEXT -> { }
            }
        }
        return out.toString();
    }

    /** C's {@code %6.4f} (see {@link CFormat#fixed}). */
    public static String fourDecimals(double value) {
        String s = CFormat.fixed(value, 4);
        return s.length() >= 6 ? s : " ".repeat(6 - s.length()) + s; // %6.4f: only NaN ("-nan") is ever shorter
    }

    /** A numeric value's line start: under -Z, "Z" before the padded name ({@code "Z%-22s\t%s\t"}). */
    /** Whether the report prints the run id itself (its measures include {@code runid}). */
    static boolean printsRunId(RunScores e) {
        return e.measures().stream().anyMatch(m -> m.family.kind == Family.Kind.RUNID);
    }

    /** {@code runid all TAG}, as trec_eval prints the run id. */
    static String runIdLine(RunScores e) {
        return line(new StringBuilder(), "runid", "all").append(display(e.runId())).append('\n').toString();
    }

    private static StringBuilder line(StringBuilder out, boolean z, String name, String topic) {
        if (z) {
            out.append('Z');
        }
        return line(out, name, topic);
    }

    private static StringBuilder line(StringBuilder out, String name, String topic) {
        out.append(name);
        for (int i = name.length(); i < 22; i++) {
            out.append(' ');
        }
        return out.append('\t').append(topic).append('\t');
    }

    /** Topic and run ids are kept as raw bytes (ISO-8859-1) for strcmp order; print them as the UTF-8 they were. */
    private static String display(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) > 0x7f) {
                return new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            }
        }
        return raw;
    }
}
