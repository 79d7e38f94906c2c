package dev.assay.agent.command;

import java.util.Objects;

/** One risk found in a command: its kind, the decision it calls for, and the evidence in words. */
public record Finding(Risk risk, Decision decision, String evidence) {
    public Finding {
        Objects.requireNonNull(risk, "risk");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(evidence, "evidence");
    }

    @Override
    public String toString() {
        return decision + " " + risk + ": " + evidence;
    }
}
