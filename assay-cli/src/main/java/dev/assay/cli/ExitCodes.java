package dev.assay.cli;

/** The exit statuses of {@code assay}. */
public final class ExitCodes {
    /** Done as asked. */
    public static final int OK = 0;
    /** The command ran, and the check it performs failed (e.g. a ledger that does not verify). */
    public static final int CHECK_FAILED = 1;
    /** Bad usage or bad input; one line on stderr says what. */
    public static final int USAGE = 2;
    /** The check could not decide either way (e.g. a release contract with too little evidence). */
    public static final int INCONCLUSIVE = 3;
    /**
     * A storage or internal failure (the store or the ledger failed, a port could not be
     * bound, a bug; sysexits' EX_SOFTWARE): one line on stderr, never a stack trace.
     */
    public static final int INTERNAL = 70;

    private ExitCodes() {}
}
