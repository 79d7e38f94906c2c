package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * trec_eval's {@code -m} syntax: a family {@code name} (with its default parameters), {@code name.params}
 * (cutoffs comma-separated, {@code P.5,10}; decimals, {@code utility.1,-1,0,0}; pairs,
 * {@code ndcg.1=3,2=9}), or a nickname ({@code official}, {@code all_trec}, {@code set}, {@code prefs},
 * {@code all_prefs}, {@code qrels_jg}) standing for several families.
 */
public final class Measures {

    private Measures() {}

    /** The measures one {@code -m} argument names, in trec_eval's print order. */
    public static List<Measure> parse(String spec) {
        String name = spec;
        String params = null;
        int dot = spec.indexOf('.');
        if (dot >= 0) {
            name = spec.substring(0, dot);
            params = spec.substring(dot + 1);
            if (params.isEmpty()) {
                throw new InvalidInputException("measure '" + spec + "': empty parameter list after '.'");
            }
        }
        List<String> nick = Families.NICKNAMES.get(name);
        List<Measure> out = new ArrayList<>();
        if (nick != null) {
            if (params != null) {
                throw new InvalidInputException("measure '" + spec + "': the nickname " + name + " takes no parameters");
            }
            for (String n : nick) {
                Family f = Families.byName(n);
                if (f == null) {
                    throw new InvalidInputException("measure '" + spec + "': its family " + n + " is not available");
                }
                expand(f, f.defaults, out);
            }
            return sorted(out);
        }
        Family f = Families.byName(name);
        if (f == null) {
            throw new InvalidInputException("unknown measure '" + spec + "' (families: " + String.join(", ", Families.names())
                    + "; nicknames: " + String.join(", ", Families.NICKNAMES.keySet().stream().sorted().toList()) + ")");
        }
        expand(f, params == null ? f.defaults : f.parse(spec, params), out);
        return sorted(out);
    }

    /** The single measure {@code spec} names; an error when it names several ({@code P} alone gives nine). */
    public static Measure parseOne(String spec) {
        List<Measure> all = parse(spec);
        if (all.size() != 1) {
            throw new InvalidInputException("measure '" + spec + "' names " + all.size() + " values; give one, e.g. "
                    + (all.isEmpty() ? "map" : all.getFirst().spec()));
        }
        return all.getFirst();
    }

    /**
     * The single measure {@code spec} names, which must be averaged over topics ({@link Measure#averaged()}), as
     * per-topic comparisons, contracts and routing need; an error naming the problem otherwise.
     */
    public static Measure parseOneAveraged(String spec) {
        Measure m = parseOne(spec);
        if (!m.averaged()) {
            throw new InvalidInputException("measure '" + spec + "' is not a mean of per-topic values (a count, geometric mean or text);"
                    + " use a measure such as map, P.10 or ndcg_cut.10");
        }
        return m;
    }

    /**
     * Several {@code -m} arguments combined as trec_eval combines them: a family's parameters given
     * explicitly ({@code -m P.5}) replace its defaults, whether those came from its bare name or a
     * nickname ({@code -m all_trec -m relstring.20}); explicit cutoffs of one family given several times
     * are merged ({@code -m P.5 -m P.10}, where trec_eval keeps the first); duplicates are dropped;
     * the result is in trec_eval's print order (table order, cutoffs ascending). A family whose parameters
     * are not cutoffs ({@code ndcg} gains, {@code utility} weights) may be given explicitly once only.
     */
    public static List<Measure> parseAll(List<String> specs) {
        java.util.Map<Family, Set<Measure>> defaults = new java.util.LinkedHashMap<>();
        java.util.Map<Family, Set<Measure>> explicit = new java.util.LinkedHashMap<>();
        for (String s : specs) {
            boolean given = s.indexOf('.') >= 0;
            for (Measure m : parse(s)) {
                (given ? explicit : defaults).computeIfAbsent(m.family, f -> new LinkedHashSet<>()).add(m);
            }
        }
        List<Measure> list = new ArrayList<>();
        for (var e : explicit.entrySet()) {
            if (!isCut(e.getKey()) && e.getValue().size() > 1) {
                List<Measure> two = List.copyOf(e.getValue());
                throw new InvalidInputException(e.getKey().name + " given with different parameters (" + two.get(0).spec() + ", "
                        + two.get(1).spec() + "); give it once");
            }
            list.addAll(e.getValue());
        }
        for (var e : defaults.entrySet()) {
            if (!explicit.containsKey(e.getKey())) {
                list.addAll(e.getValue());
            }
        }
        return sorted(list);
    }

    private static boolean isCut(Family f) {
        return f.shape == Family.Shape.CUT_LONG || f.shape == Family.Shape.CUT_DOUBLE;
    }

    private static void expand(Family f, Params p, List<Measure> out) {
        if (f.shape == Family.Shape.EMPTY) {
            out.add(new Measure(f, p));
            return;
        }
        for (int i = 0; i < f.width(p); i++) {
            out.add(new Measure(f, f.slice(p, i)));
        }
    }

    private static List<Measure> sorted(List<Measure> in) {
        List<Measure> s = new ArrayList<>(new LinkedHashSet<>(in));
        s.sort(Comparator.comparingInt(Measure::tableOrder).thenComparingDouble(Measure::cutoff));
        return List.copyOf(s);
    }
}
