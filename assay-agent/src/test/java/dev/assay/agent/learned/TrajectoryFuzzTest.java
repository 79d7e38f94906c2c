package dev.assay.agent.learned;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.assay.agent.action.Action;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Risk;
import dev.assay.agent.guard.Guard;
import dev.assay.agent.guard.Verdict;
import dev.assay.agent.policy.Policy;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Whatever an agent puts in its context and goal, the trajectory checks answer; they never make the guard fail. */
class TrajectoryFuzzTest {
    static final Guard GUARD = new Guard(Policy.defaults().withoutLimits());

    @Property(tries = 500)
    void anyContextAndGoalGiveATrajectoryAndAVerdictWithoutAGuardFailure(@ForAll @Size(max = 6) List<String> context, @ForAll String goal,
                                                                        @ForAll String argument) {
        Action a = new Action(Action.Kind.TOOL, "send_message", "send_message", JsonNodeFactory.instance.objectNode().put("text", argument), null,
                goal, context, null);
        var t = ActionTrajectory.of(a);
        assertThat(t.turns()).hasSize(context.size() + 1);
        TrajectoryFeatures.followedInstruction(t);
        TrajectoryFeatures.of(t);
        assertThat(GuardMemory.key(t)).hasSize(32);
        Verdict v = GUARD.decide(a);
        assertThat(v.findings()).noneSatisfy(f -> assertThat(f.risk()).isEqualTo(Risk.GUARD_FAILURE));
        assertThat(v.decision()).isIn(Decision.ALLOW, Decision.ESCALATE, Decision.DENY);
    }

    @Property(tries = 300)
    void contextEntriesWithRolePrefixesKeepTheirRoles(@ForAll String text) {
        Action a = new Action(Action.Kind.TOOL, "t", "t", null, null, "g", List.of("user: " + text, "tool result: " + text, "agent: " + text, text), null);
        var turns = ActionTrajectory.of(a).turns();
        assertThat(turns.get(0).content()).isEqualTo(text);
        assertThat(turns.get(1).content()).isEqualTo(text);
        assertThat(turns.get(2).thought()).isEqualTo(text);
        assertThat(turns.get(3).content()).isEqualTo(text);
        assertThat(turns.get(4).thought()).isEqualTo("g");
    }
}
