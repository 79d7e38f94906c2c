package dev.assay.agent.command;

import java.util.List;

/** The guard's answer for one command: the most severe decision of its findings (ALLOW without any) and the findings. */
public record Assessment(Decision decision, List<Finding> findings) {
    public Assessment {
        findings = List.copyOf(findings);
    }

    static Assessment of(List<Finding> findings) {
        Decision d = Decision.ALLOW;
        for (Finding f : findings) d = d.max(f.decision());
        return new Assessment(d, findings);
    }
}
