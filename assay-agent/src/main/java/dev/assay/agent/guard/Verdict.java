package dev.assay.agent.guard;

import dev.assay.agent.action.Action;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import java.util.List;

/**
 * The guard's decision on an action, with every finding behind it (none for a plain ALLOW), and what the learned
 * layer made of it in words ({@code learned}; null when it was not consulted).
 */
public record Verdict(Decision decision, Action action, List<Finding> findings, String learned) {
    public Verdict {
        findings = List.copyOf(findings);
    }

    public Verdict(Decision decision, Action action, List<Finding> findings) {
        this(decision, action, findings, null);
    }

    /** The reasons in words, one per finding, or "no risk found". */
    public List<String> reasons() {
        if (findings.isEmpty()) return List.of("no risk found");
        return findings.stream().map(Finding::toString).toList();
    }
}
