package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * trec_eval's {@code -m} syntax: {@code name} or {@code name.params}, cutoff lists comma-separated
 * ({@code P.5,10}, {@code ndcg_cut.10}), nDCG gains as {@code level=gain} pairs ({@code ndcg.1=3,2=9,4=4.5}).
 * Without parameters, {@code P}, {@code recall} and {@code ndcg_cut} take trec_eval's default cutoffs
 * 5, 10, 15, 20, 30, 100, 200, 500, 1000.
 */
public final class Measures {
    /** trec_eval's default cutoffs for P, recall and ndcg_cut. */
    public static final List<Integer> DEFAULT_CUTOFFS = List.of(5, 10, 15, 20, 30, 100, 200, 500, 1000);

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
        List<Measure> out = new ArrayList<>();
        switch (name) {
            case "ndcg" -> out.add(params == null ? Measure.Ndcg.standard() : new Measure.Ndcg(gains(spec, params), params));
            case "map" -> out.add(noParams(spec, params, new Measure.AveragePrecision()));
            case "recip_rank" -> out.add(noParams(spec, params, new Measure.ReciprocalRank()));
            case "ndcg_cut" -> cutoffs(spec, params).forEach(k -> out.add(new Measure.NdcgCut(k)));
            case "P" -> cutoffs(spec, params).forEach(k -> out.add(new Measure.Precision(k)));
            case "recall" -> cutoffs(spec, params).forEach(k -> out.add(new Measure.Recall(k)));
            default -> throw new InvalidInputException("unknown measure '" + spec
                    + "' (supported: ndcg, ndcg_cut, map, P, recall, recip_rank)");
        }
        return out;
    }

    /**
     * Several {@code -m} arguments combined: duplicates dropped, cutoffs of one family merged, sorted in
     * trec_eval's print order (map, recip_rank, P, recall, ndcg, ndcg_cut; cutoffs ascending).
     */
    public static List<Measure> parseAll(List<String> specs) {
        Set<Measure> all = new LinkedHashSet<>();
        for (String s : specs) {
            all.addAll(parse(s));
        }
        long ndcgVariants = all.stream().filter(m -> m instanceof Measure.Ndcg).count();
        if (ndcgVariants > 1) {
            throw new InvalidInputException("ndcg given with different gain parameters; give it once");
        }
        List<Measure> sorted = new ArrayList<>(all);
        sorted.sort(Comparator.comparingInt(Measure::tableOrder).thenComparingInt(Measures::cutoff));
        return List.copyOf(sorted);
    }

    private static int cutoff(Measure m) {
        return switch (m) {
            case Measure.NdcgCut c -> c.k();
            case Measure.Precision p -> p.k();
            case Measure.Recall r -> r.k();
            case Measure.Ndcg n -> 0;
            case Measure.AveragePrecision a -> 0;
            case Measure.ReciprocalRank r -> 0;
        };
    }

    private static Measure noParams(String spec, String params, Measure m) {
        if (params != null) {
            throw new InvalidInputException("measure '" + spec + "' takes no parameters");
        }
        return m;
    }

    private static List<Integer> cutoffs(String spec, String params) {
        if (params == null) {
            return DEFAULT_CUTOFFS;
        }
        Set<Integer> ks = new LinkedHashSet<>();
        for (String part : params.split(",", -1)) {
            int k;
            try {
                k = Integer.parseInt(part.strip());
            } catch (NumberFormatException e) {
                throw new InvalidInputException("measure '" + spec + "': cutoff '" + part + "' is not an integer");
            }
            if (k <= 0) {
                throw new InvalidInputException("measure '" + spec + "': cutoffs must be positive, but was " + k);
            }
            if (!ks.add(k)) {
                throw new InvalidInputException("measure '" + spec + "': duplicate cutoff " + k);
            }
        }
        return ks.stream().sorted().toList();
    }

    private static List<Measure.Gain> gains(String spec, String params) {
        List<Measure.Gain> out = new ArrayList<>();
        for (String part : params.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1) {
                throw new InvalidInputException("measure '" + spec + "': gain '" + part + "' is not level=gain");
            }
            try {
                long level = Long.parseLong(part.substring(0, eq).strip());
                double gain = Double.parseDouble(part.substring(eq + 1).strip());
                if (!Double.isFinite(gain)) {
                    throw new InvalidInputException("measure '" + spec + "': gain must be finite, but was " + gain);
                }
                out.add(new Measure.Gain(level, gain));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("measure '" + spec + "': gain '" + part + "' is not level=gain");
            }
        }
        return out;
    }
}
