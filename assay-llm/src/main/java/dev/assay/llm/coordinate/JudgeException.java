package dev.assay.llm.coordinate;

import dev.assay.core.AssayException;

/** The judge model did not answer in the required JSON form, even when asked again. */
public final class JudgeException extends AssayException {
    private final String output;

    JudgeException(String message, String output) {
        super(message);
        this.output = output;
    }

    /** The judge's last reply, as received. */
    public String output() {
        return output;
    }
}
