package dev.assay.agent.approval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.agent.action.Action;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalTest {
    @Test
    void theQueuedActionComesBackAsItWasProposed() {
        Action a = new Action(Action.Kind.HTTP, "fetch", "http://10.0.0.1/x", JsonNodeFactory.instance.objectNode().put("method", "POST"), "bot",
                "sync the wiki", List.of("user: sync it", "tool result: ok"), null);
        Approval queued = new Approval("id1", Instant.EPOCH, Instant.EPOCH.plusSeconds(60), "bot", ApprovalQueue.actionJson(a),
                JsonNodeFactory.instance.arrayNode(), ApprovalStatus.PENDING, null, null, null, 1L, null);
        Action back = queued.proposedAction();
        assertThat(back).isEqualTo(a);
    }
}
