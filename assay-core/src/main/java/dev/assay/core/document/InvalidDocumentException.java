package dev.assay.core.document;

import dev.assay.core.InvalidInputException;
import java.util.List;

/** A document (file, request field, environment) that cannot be accepted; the message names every problem on one line. */
public final class InvalidDocumentException extends InvalidInputException {
    private final List<Problem> problems;

    /** {@code subject} names the document in the message, e.g. {@code invalid configuration} or a file name. */
    public InvalidDocumentException(String subject, List<Problem> problems) {
        super(message(subject, problems));
        if (problems.isEmpty()) throw new IllegalArgumentException("an invalid document needs at least one problem");
        this.problems = List.copyOf(problems);
    }

    /** Every problem, in the order found. */
    public List<Problem> problems() {
        return problems;
    }

    /** Every problem as its one-line text ({@link Problem#toString()}). */
    public List<String> messages() {
        return problems.stream().map(Problem::toString).toList();
    }

    private static String message(String subject, List<Problem> problems) {
        StringBuilder b = new StringBuilder(subject).append(": ").append(problems.size())
                .append(problems.size() == 1 ? " problem: " : " problems: ");
        for (int i = 0; i < problems.size(); i++) {
            if (i > 0) b.append("; ");
            b.append(problems.get(i));
        }
        return b.toString();
    }
}
