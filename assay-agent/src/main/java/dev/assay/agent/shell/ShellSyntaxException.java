package dev.assay.agent.shell;

import dev.assay.core.InvalidInputException;

/** A command that does not parse, or exceeds the parser's limits; the message names the problem and its offset. */
public final class ShellSyntaxException extends InvalidInputException {
    public ShellSyntaxException(String message) {
        super(message);
    }
}
