package dev.assay.core.contract;

/** How a statistic is compared with a check's threshold; the check passes when {@code value op threshold} holds. */
public enum Op {
    LT("<"),
    LE("<="),
    GT(">"),
    GE(">=");

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /** True when {@code value op threshold}; false for NaN. */
    public boolean holds(double value, double threshold) {
        return switch (this) {
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case GT -> value > threshold;
            case GE -> value >= threshold;
        };
    }

    /** The mathematical symbol, e.g. {@code "<="}. */
    public String symbol() {
        return symbol;
    }

    /** True for LT and LE: the value must stay below the threshold. */
    public boolean isUpperLimit() {
        return this == LT || this == LE;
    }
}
