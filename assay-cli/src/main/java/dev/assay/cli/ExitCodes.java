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

    /*
     * The lines of every command's "Exit codes:" help section (picocli footers take constants, so the
     * common lines are written once here and a command adds its own for 1 and 3).
     */
    /** Heading of the section, after a blank line. */
    public static final String HELP = "%nExit codes:";
    /** Code 0 in help. */
    public static final String HELP_OK = "  0   done as asked";
    /** Code 1 in help, for the root command; a command that checks names what failed. */
    public static final String HELP_CHECK_FAILED = "  1   the check the command performs failed";
    /** Code 2 in help. */
    public static final String HELP_USAGE = "  2   bad usage or input: one line on stderr says what";
    /** Code 3 in help, for the root command; a command that can be inconclusive says when. */
    public static final String HELP_INCONCLUSIVE = "  3   inconclusive: too little evidence to decide either way";
    /** Code 70 in help. */
    public static final String HELP_INTERNAL = "  70  storage or internal failure: one line on stderr, never a stack trace";
    /** Heading of the example section, after a blank line. */
    public static final String EXAMPLE = "%nExample:";

    private ExitCodes() {}
}
