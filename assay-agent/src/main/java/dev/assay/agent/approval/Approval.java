package dev.assay.agent.approval;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One approval request: its id, when it was made and when it expires, the proposing agent (null when unnamed), the
 * action as JSON ({@code kind}, {@code tool}, {@code target}, {@code arguments}, {@code agent}, {@code goal},
 * {@code context}), the guard's findings as JSON ({@code [{risk, decision, evidence}]}), its status, and once decided
 * who decided, why and when (for EXPIRED: {@code (expired)}, the expiry, and the time it was marked). {@code requestSeq}
 * and {@code decisionSeq} are the ledger entries of the request and of its decision (null until known).
 */
public record Approval(String id, Instant createdAt, Instant expiresAt, String agent, JsonNode action, JsonNode findings,
                       ApprovalStatus status, String decidedBy, String reason, Instant decidedAt, Long requestSeq,
                       Long decisionSeq) {
    public Approval {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(status, "status");
    }

    /** The action in one line: kind and target, the target cut to {@value ApprovalQueue#MAX_SUMMARY} characters. */
    public String summary() {
        return ApprovalQueue.summary(action);
    }

    /** How long the request has waited at {@code now} (until its decision, once decided). */
    public Duration waited(Instant now) {
        Instant end = decidedAt != null ? decidedAt : now;
        return end.isBefore(createdAt) ? Duration.ZERO : Duration.between(createdAt, end);
    }

    /** The proposed action as it was queued (kind, tool, target, arguments, agent, goal, context; no signature). */
    public dev.assay.agent.action.Action proposedAction() {
        java.util.List<String> context = new java.util.ArrayList<>();
        action.path("context").forEach(c -> context.add(c.asText()));
        return new dev.assay.agent.action.Action(dev.assay.agent.action.Action.Kind.valueOf(action.path("kind").asText()),
                action.path("tool").asText(), action.path("target").asText(), action.get("arguments"), agent, action.path("goal").asText(),
                context, null);
    }
}
