package dev.assay.core.contract;

import dev.assay.core.InvalidInputException;
import java.util.List;

/** A contract definition that cannot be accepted; the message names every problem on one line. */
public final class InvalidContractException extends InvalidInputException {
    private final List<String> problems;

    InvalidContractException(String source, List<String> problems) {
        super("invalid contract " + source + ": " + problems.size() + (problems.size() == 1 ? " problem: " : " problems: ")
                + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem, each prefixed with the path of the element it concerns (e.g. {@code checks[1].triggers[0]}). */
    public List<String> problems() {
        return problems;
    }
}
