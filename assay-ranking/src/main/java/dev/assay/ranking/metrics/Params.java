package dev.assay.ranking.metrics;

import dev.assay.core.InvalidInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One measure family's parameters as trec_eval's {@code meas_init.c} reads them from {@code -m name.params}:
 * integer cutoffs (sorted, positive, distinct), decimal cutoffs (sorted, distinct), an ordered list of
 * decimals, or {@code name=value} pairs. {@link #printable()} is the text as given (null for the
 * defaults), which trec_eval appends to the names of single-valued parameterised measures.
 */
record Params(long[] longs, double[] doubles, String[] pairNames, String printable) {

    static Params none() {
        return new Params(new long[0], new double[0], new String[0], null);
    }

    static Params longCutoffs(long... cutoffs) {
        return new Params(cutoffs, new double[0], new String[0], null);
    }

    static Params doubleCutoffs(double... cutoffs) {
        return new Params(new long[0], cutoffs, new String[0], null);
    }

    static Params doubles(double... values) {
        return new Params(new long[0], values, new String[0], null);
    }

    /** Number of values the parameters give (cutoffs; pairs; decimals). */
    int size() {
        return Math.max(longs.length, Math.max(doubles.length, pairNames.length));
    }

    /**
     * {@code get_long_cutoffs}: comma-separated integers, sorted; each positive and distinct. A decimal is cut to
     * its integer part as C's {@code atol} reads it ({@code ndcg_cut.23.4} is {@code ndcg_cut_23}, as in trec_eval's
     * own tests).
     */
    static Params parseLongCutoffs(String spec, String text) {
        String[] parts = text.split(",", -1);
        long[] v = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = integer(spec, parts[i]);
        }
        Arrays.sort(v);
        if (v[0] <= 0) {
            throw new InvalidInputException("measure '" + spec + "': cutoffs must be positive, but was " + v[0]);
        }
        for (int i = 1; i < v.length; i++) {
            if (v[i] == v[i - 1]) {
                throw new InvalidInputException("measure '" + spec + "': duplicate cutoff " + v[i]);
            }
        }
        return new Params(v, new double[0], new String[0], text);
    }

    /** {@code get_double_cutoffs}: comma-separated decimals (C {@code atof}), sorted and distinct. */
    static Params parseDoubleCutoffs(String spec, String text) {
        String[] parts = text.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = decimal(spec, parts[i]);
        }
        Arrays.sort(v);
        for (int i = 1; i < v.length; i++) {
            if (v[i] == v[i - 1]) {
                throw new InvalidInputException("measure '" + spec + "': duplicate cutoff " + parts[i].strip());
            }
        }
        return new Params(new long[0], v, new String[0], text);
    }

    /** {@code get_double_params}: comma-separated decimals in the order given. */
    static Params parseDoubles(String spec, String text) {
        String[] parts = text.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = decimal(spec, parts[i]);
        }
        return new Params(new long[0], v, new String[0], text);
    }

    /** {@code get_param_pairs}: comma-separated {@code name=value} pairs in the order given. */
    static Params parsePairs(String spec, String text) {
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0 || eq == part.length() - 1 || part.indexOf('=', eq + 1) >= 0) {
                throw new InvalidInputException("measure '" + spec + "': parameter '" + part + "' is not name=value");
            }
            names.add(part.substring(0, eq));
            values.add(decimal(spec, part.substring(eq + 1)));
        }
        return new Params(new long[0], values.stream().mapToDouble(Double::doubleValue).toArray(), names.toArray(String[]::new), text);
    }

    /** The value of pair {@code name} ({@code rbp}'s {@code p}, ...), the last if given twice as in trec_eval, or {@code dflt}. */
    double pair(String name, double dflt) {
        for (int i = pairNames.length - 1; i >= 0; i--) {
            if (pairNames[i].equals(name)) {
                return doubles[i];
            }
        }
        return dflt;
    }

    /**
     * An integer cutoff read as trec_eval's {@code atol} reads it: optional sign, then the leading digits, the
     * decimals dropped ({@code 23.4} is 23, as in trec_eval's own test of {@code ndcg_cut.10,20,23.4}); an error
     * when there is no digit at all (where {@code atol} would give 0).
     */
    private static long integer(String spec, String part) {
        String s = part.strip();
        int i = 0;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        while (digits < s.length() && Character.isDigit(s.charAt(digits))) {
            digits++;
        }
        if (digits == i || !s.substring(digits).matches("(\\.\\d*)?")) {
            throw new InvalidInputException("measure '" + spec + "': cutoff '" + part + "' is not an integer");
        }
        try {
            return Long.parseLong(s.substring(0, digits));
        } catch (NumberFormatException e) {
            throw new InvalidInputException("measure '" + spec + "': cutoff '" + part + "' is out of range");
        }
    }

    private static double decimal(String spec, String part) {
        String s = part.strip();
        try {
            if (s.isEmpty() || !s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw new NumberFormatException(s);
            }
            double d = Double.parseDouble(s);
            if (!Double.isFinite(d)) {
                throw new NumberFormatException(s);
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException("measure '" + spec + "': parameter '" + part + "' is not a number");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Params p && Arrays.equals(longs, p.longs) && Arrays.equals(doubles, p.doubles)
                && Arrays.equals(pairNames, p.pairNames) && java.util.Objects.equals(printable, p.printable);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(longs) * 31 + Arrays.hashCode(doubles) * 17 + Arrays.hashCode(pairNames)
                + java.util.Objects.hashCode(printable);
    }

    @Override
    public String toString() {
        return printable == null ? "<defaults>" : printable;
    }
}
