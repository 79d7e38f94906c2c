package dev.assay.agent.shell;

/**
 * A redirection: the file descriptor (-1 when not given), the operator ({@code < > >> >| <> <& >& &> &>> << <<- <<<}),
 * the target word (a file, a descriptor, a here-string, or the here-document's delimiter), and for a here-document
 * its body and whether the body is expanded (an unquoted delimiter).
 */
public record Redirect(int fd, String op, Word target, String hereDoc, boolean hereDocExpands) {
    /** Whether this redirection writes to its target file. */
    public boolean writes() {
        return switch (op) {
            case ">", ">>", ">|", "<>", "&>", "&>>" -> true;
            case ">&" -> !target.text().matches("\\d+|-");
            default -> false;
        };
    }

    /** Whether this redirection reads from its target file. */
    public boolean reads() {
        return op.equals("<") || op.equals("<>") || (op.equals("<&") && !target.text().matches("\\d+|-"));
    }
}
