package dev.assay.ranking.router;

import dev.assay.core.InvalidInputException;
import java.util.List;

/**
 * The shipped router: one INT8 table per feature and an intercept; a decision is one table
 * read per feature and a sum. Built from an {@link AdditiveRouter} by {@link AdditiveRouter#quantise}.
 */
public final class Int8Router {
    private final List<String> names;
    private final int[] monotone;
    private final double intercept;
    private final Int8Table[] tables;

    Int8Router(List<String> names, int[] monotone, double intercept, List<Int8Table> tables) {
        this.names = List.copyOf(names);
        this.monotone = monotone.clone();
        this.intercept = intercept;
        this.tables = tables.toArray(Int8Table[]::new);
        if (this.tables.length != this.names.size()) throw new InvalidInputException("one table per feature is needed");
    }

    public double apply(double[] row) {
        double r = intercept;
        for (int j = 0; j < tables.length; j++) r += tables[j].apply(row[j]);
        return r;
    }

    public double[] apply(double[][] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) out[i] = apply(rows[i]);
        return out;
    }

    /** The bound on |INT8 router - piecewise-linear router|: the sum over features of each table's quantisation and sampling errors (NaN for tables read back from an artifact, whose source function is not kept). */
    public double errorBound() {
        double e = 0;
        for (Int8Table t : tables) e += t.quantisationError() + t.samplingError();
        return e;
    }

    public List<String> names() {
        return names;
    }

    public int[] monotone() {
        return monotone.clone();
    }

    public double intercept() {
        return intercept;
    }

    public List<Int8Table> tables() {
        return List.of(tables);
    }
}
