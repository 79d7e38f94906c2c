package dev.assay.server.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.action.Action;
import dev.assay.agent.action.ActionDecoder;
import dev.assay.agent.command.Finding;
import dev.assay.agent.guard.Guard;
import dev.assay.agent.guard.Verdict;
import dev.assay.agent.policy.Policy;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.Ledger;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The agent action guard over HTTP. {@code POST /api/v1/agent/check} (operator: every decision is written to the
 * ledger) takes one proposed action as its body, in any shape {@link ActionDecoder} reads (Assay's form, an OpenAI
 * {@code tool_calls} entry, an MCP {@code tools/call} request), and answers 200 with the verdict: {@code decision}
 * (ALLOW, DENY or ESCALATE), the action's kind, tool and target, the findings, and the ledger entry's sequence
 * number. A body that is not an action is a 400 naming the problem. Each decision is the ledger entry
 * {@code agent.decision} (subject: the agent, or {@code (unnamed agent)}), counted in {@value #DECISIONS} (tags
 * {@code decision}, {@code kind}) and timed in {@value #LATENCY} (the guard's decision, without the ledger write).
 */
public final class AgentModule implements ApiModule {
    static final String CHECK = "/api/v1/agent/check";
    /** Counter of decisions, tagged decision and kind. */
    public static final String DECISIONS = "assay.agent.decisions";
    /** Timer of the guard's decisions. */
    public static final String LATENCY = "assay.agent.decision.latency";
    /** Longest target kept in a ledger entry, in characters. */
    static final int MAX_RECORDED_TARGET = 4096;

    private final Guard guard;
    private final Ledger ledger;
    private final MeterRegistry meters;
    private final Timer latency;

    public AgentModule(Policy policy, Ledger ledger, MeterRegistry meters) {
        this.guard = new Guard(Objects.requireNonNull(policy, "policy"));
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.latency = Timer.builder(LATENCY).description("time the agent guard takes to decide an action").publishPercentileHistogram()
                .register(meters);
    }

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public void register(Routes routes) {
        routes.post(CHECK, Access.atLeast(Role.OPERATOR),
                "Decide one proposed agent action, as agent check --json: the body is the action (Assay's form {\"kind\": "
                        + "\"shell\" | \"file_read\" | \"file_write\" | \"file_delete\" | \"http\" | \"tool\", ...}, an OpenAI tool_calls "
                        + "entry, or an MCP tools/call request); answers decision ALLOW, DENY or ESCALATE with its findings; every "
                        + "decision is the ledger entry agent.decision",
                this::check);
    }

    private void check(Context ctx) {
        byte[] body = Requests.decodedBody(ctx);
        Action action = ActionDecoder.decode(new String(body, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        Verdict v = guard.decide(action);
        latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        ObjectNode payload = json(v);
        long seq = ledger.append("agent.decision", action.agent() == null ? "(unnamed agent)" : action.agent(), payload).seq();
        Counter.builder(DECISIONS).tag("decision", v.decision().name()).tag("kind", action.kind().name())
                .description("agent actions decided over HTTP").register(meters).increment();
        ObjectNode answer = payload.deepCopy();
        answer.put("ledgerSeq", seq);
        ctx.json(answer);
    }

    /** The verdict as recorded and answered (the target cut to {@value #MAX_RECORDED_TARGET} characters). */
    static ObjectNode json(Verdict v) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("decision", v.decision().name());
        o.put("kind", v.action().kind().name());
        o.put("tool", v.action().tool());
        String t = v.action().target();
        o.put("target", t.length() <= MAX_RECORDED_TARGET ? t : t.substring(0, MAX_RECORDED_TARGET));
        o.put("targetChars", t.length());
        if (v.action().agent() != null) o.put("agent", v.action().agent());
        ArrayNode fs = o.putArray("findings");
        for (Finding f : v.findings()) {
            ObjectNode x = fs.addObject();
            x.put("risk", f.risk().name());
            x.put("decision", f.decision().name());
            x.put("evidence", f.evidence());
        }
        return o;
    }
}
