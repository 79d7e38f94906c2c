package dev.assay.agent.rjudge;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One labelled agent interaction: its turns in order (the episodes of a record with several are concatenated),
 * whether people judged it unsafe, and the set's own id and risk description (empty when absent).
 */
public record Interaction(String id, List<Turn> turns, boolean unsafe, String riskDescription) {
    public Interaction {
        Objects.requireNonNull(id, "id");
        turns = List.copyOf(turns);
        if (turns.isEmpty()) throw new IllegalArgumentException("an interaction needs at least one turn");
        riskDescription = Objects.requireNonNullElse(riskDescription, "");
    }

    /** The turns of one role, in order. */
    public List<Turn> turns(Turn.Role role) {
        return turns.stream().filter(t -> t.role() == role).toList();
    }

    /** The last agent turn that names an action, if any. */
    public Optional<Turn> lastAction() {
        for (int i = turns.size() - 1; i >= 0; i--) {
            Turn t = turns.get(i);
            if (t.role() == Turn.Role.AGENT && !t.action().isBlank()) return Optional.of(t);
        }
        return Optional.empty();
    }
}
