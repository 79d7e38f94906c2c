package dev.assay.server.agent;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonNode;
import dev.assay.agent.action.Action;
import dev.assay.agent.action.ActionDecoder;
import dev.assay.agent.approval.Approval;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.approval.ApprovalStatus;
import dev.assay.agent.approval.Backlog;
import dev.assay.agent.checkpoint.Checkpoints;
import dev.assay.agent.learned.ActionTrajectory;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.agent.memory.Label;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.Severity;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.guard.Guard;
import dev.assay.agent.guard.GuardHealth;
import dev.assay.agent.guard.Verdict;
import dev.assay.agent.policy.Policy;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.auth.Role;
import dev.assay.core.ledger.Ledger;
import dev.assay.server.Access;
import dev.assay.server.ApiModule;
import dev.assay.server.DashboardView;
import dev.assay.server.Requests;
import dev.assay.server.Routes;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent action guard over HTTP. {@code POST /api/v1/agent/check} (operator: every decision is written to the
 * ledger) takes one proposed action as its body, in any shape {@link ActionDecoder} reads (Assay's form, an OpenAI
 * {@code tool_calls} entry, an MCP {@code tools/call} request), and answers 200 with the verdict: {@code decision}
 * (ALLOW, DENY or ESCALATE), the action's kind, tool and target, the findings, and the ledger entry's sequence
 * number. A body that is not an action is a 400 naming the problem. Each decision is the ledger entry
 * {@code agent.decision} (subject: the agent, or {@code (unnamed agent)}), counted in {@value #DECISIONS} (tags
 * {@code decision}, {@code kind}) and timed in {@value #LATENCY} (the guard's decision, without the ledger write).
 *
 * <p>An ESCALATE verdict is also put in the human approval queue ({@link ApprovalQueue}) for the module's time to live
 * (default 15 minutes), and the answer carries its {@code approvalId} and {@code expiresAt}. {@code GET
 * /api/v1/agent/approvals} and {@code .../{approval}} (viewer) list and show requests; {@code POST
 * .../{approval}/approve} and {@code .../deny} (operator, body {@code {"reason": "..."}}) decide a pending one, the
 * decider being the token's name. Requests past their expiry are marked EXPIRED (a denial) every
 * {@value #EXPIRE_EVERY_SECONDS} s on a background thread and before every read; a backlog over the module's limits
 * is raised as an alert. {@value #PENDING} gauges the pending requests, {@value #APPROVALS} counts decided ones by
 * {@code outcome} (approved, denied, expired). The dashboard's {@code agent} page shows the queue and the decisions.
 */
public final class AgentModule implements ApiModule {
    private static final Logger log = LoggerFactory.getLogger(AgentModule.class);
    static final String CHECK = "/api/v1/agent/check";
    static final String APPROVALS_PATH = "/api/v1/agent/approvals";
    static final String HEALTH_PATH = "/api/v1/agent/health";
    static final String APPROVAL_PATH = APPROVALS_PATH + "/{approval}";
    /** Gauge of the requests waiting for a person. */
    public static final String PENDING = "assay.agent.approvals.pending";
    /** Counter of decided requests, tagged outcome (approved, denied, expired). */
    public static final String APPROVALS = "assay.agent.approvals";
    /** How long an escalated action waits for a person unless the builder of the module says otherwise. */
    public static final Duration DEFAULT_APPROVAL_TTL = ApprovalQueue.DEFAULT_TTL;
    /** Period of the background expiry and backlog check, in seconds. */
    static final long EXPIRE_EVERY_SECONDS = 5;
    /** Counter of decisions, tagged decision and kind. */
    public static final String DECISIONS = "assay.agent.decisions";
    /** Timer of the guard's decisions. */
    public static final String LATENCY = "assay.agent.decision.latency";
    /** Longest target kept in a ledger entry, in characters. */
    static final int MAX_RECORDED_TARGET = 4096;

    /** Gauge of the learned memory's exemplars, tagged label. */
    public static final String EXEMPLARS = "assay.agent.memory.exemplars";
    /** Counter of outcomes learned or stopped by the poisoning check, tagged result (learned, flagged, duplicate). */
    public static final String OUTCOMES = "assay.agent.outcomes";
    /** Shortest time between two checkpoints written by the background round. */
    static final Duration CHECKPOINT_EVERY = Duration.ofMinutes(1);

    /** Gauges of the guard's health over its recent decisions and its memory (see {@link GuardHealth}). */
    public static final String RISK = "assay.agent.risk";
    public static final String ERRORS = "assay.agent.errors";
    public static final String UTILIZATION = "assay.agent.memory.utilization";
    public static final String CONSISTENCY = "assay.agent.memory.consistency";

    private final Policy policy;
    private final GuardHealth health = new GuardHealth(GuardHealth.Thresholds.defaults());
    private volatile Guard guard;
    private volatile GuardMemory learned;
    private volatile Checkpoints checkpoints;
    private volatile boolean dirty;
    private volatile long lastCheckpointNanos = System.nanoTime();
    private final Ledger ledger;
    private final MeterRegistry meters;
    private final Timer latency;
    private final ApprovalQueue approvals;
    private final Duration ttl;
    private final AlertManager alerts;
    private final Backlog.Limits backlog;
    private final AtomicLong pending = new AtomicLong();
    private final ScheduledExecutorService expiry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "assay-agent-approvals");
        t.setDaemon(true);
        return t;
    });

    /** Body of {@code POST .../approve} and {@code .../deny}. */
    record DecisionRequest(String reason) {}

    /** A request as the API answers it. */
    record ApprovalView(String id, ApprovalStatus status, boolean allowed, String agent, String kind, String tool, String target,
                        String summary, JsonNode action, JsonNode findings, Instant createdAt, Instant expiresAt, long waitedSeconds,
                        String decidedBy, String reason, Instant decidedAt, Long requestSeq, Long decisionSeq) {
        static ApprovalView of(Approval a, Instant now) {
            return new ApprovalView(a.id(), a.status(), a.status().allows(), a.agent(), a.action().path("kind").asText(),
                    a.action().path("tool").asText(), a.action().path("target").asText(), a.summary(), a.action(), a.findings(),
                    a.createdAt(), a.expiresAt(), a.waited(now).toSeconds(), a.decidedBy(), a.reason(), a.decidedAt(), a.requestSeq(),
                    a.decisionSeq());
        }
    }

    /** The list's answer: the status asked for and the requests. */
    record ApprovalList(ApprovalStatus status, int limit, List<ApprovalView> approvals) {}

    /**
     * A module deciding with {@code policy}, recording into {@code ledger}, queueing escalations in {@code approvals} for
     * {@code ttl}, raising backlog alerts (over {@link Backlog.Limits#defaults()}) through {@code alerts}.
     */
    public AgentModule(Policy policy, Ledger ledger, MeterRegistry meters, ApprovalQueue approvals, Duration ttl, AlertManager alerts) {
        this(policy, ledger, meters, approvals, ttl, alerts, Backlog.Limits.defaults());
    }

    /** As the constructor above, with the backlog's limits given. */
    public AgentModule(Policy policy, Ledger ledger, MeterRegistry meters, ApprovalQueue approvals, Duration ttl, AlertManager alerts,
                       Backlog.Limits backlog) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.guard = new Guard(policy);
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.approvals = Objects.requireNonNull(approvals, "approvals");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.toMillis() < 1 || ttl.compareTo(ApprovalQueue.MAX_TTL) > 0)
            throw new IllegalArgumentException("approval ttl must be from 1 ms to " + ApprovalQueue.MAX_TTL + ", but was " + ttl);
        this.alerts = Objects.requireNonNull(alerts, "alerts");
        this.backlog = Objects.requireNonNull(backlog, "backlog");
        this.latency = Timer.builder(LATENCY).description("time the agent guard takes to decide an action").publishPercentileHistogram()
                .register(meters);
        Gauge.builder(PENDING, pending, AtomicLong::get).description("agent actions waiting for a person to approve or deny them")
                .register(meters);
        Gauge.builder(RISK, health, GuardHealth::riskShare).description("share of the last 100 decisions that were DENY or ESCALATE")
                .register(meters);
        Gauge.builder(ERRORS, health, GuardHealth::errorRate).description("share of the last 100 decisions in which a check failed")
                .register(meters);
        expiry.scheduleWithFixedDelay(this::sweep, EXPIRE_EVERY_SECONDS, EXPIRE_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    /**
     * Adds the learned layer: the guard consults {@code memory} after its rules, and each approval or denial of an
     * escalated action is an outcome the memory learns (the action with its context, labelled safe when approved and
     * unsafe when denied) through the poisoning check; a flagged outcome is not learned and raises an alert. The memory
     * is written to {@code checkpoints} by the background round at most every minute when it changed, and when the
     * module stops. Call before the server starts; returns this module.
     */
    public AgentModule learning(GuardMemory memory, Checkpoints checkpoints) {
        this.learned = Objects.requireNonNull(memory, "memory");
        this.checkpoints = Objects.requireNonNull(checkpoints, "checkpoints");
        this.guard = new Guard(policy, memory);
        Gauge.builder(UTILIZATION, memory, GuardMemory::utilization).description("how full the fuller class of the learned memory is")
                .register(meters);
        Gauge.builder(CONSISTENCY, memory, GuardMemory::consistency)
                .description("share of the learned memory's exemplars its rule decides as labelled, leave-one-out").register(meters);
        for (Label l : Label.values()) {
            Gauge.builder(EXEMPLARS, memory, m -> m.size(l)).tag("label", l.name().toLowerCase(Locale.ROOT))
                    .description("exemplars in the agent guard's learned memory").register(meters);
        }
        return this;
    }

    /** Learns an approval or denial as an outcome; a failure is logged and never undoes the decision already recorded. */
    private void learnOutcome(Approval a) {
        GuardMemory memory = learned;
        if (memory == null || !(a.status() == ApprovalStatus.APPROVED || a.status() == ApprovalStatus.DENIED)) return;
        try {
            Interaction t = ActionTrajectory.of(a.proposedAction());
            Interaction outcome = new Interaction("approval " + a.id(), t.turns(), a.status() == ApprovalStatus.DENIED, "");
            GuardMemory.LearnReport r = memory.learn(List.of(outcome), false, n -> { });
            String result = r.accepted() > 0 ? "learned" : r.duplicates() > 0 ? "duplicate" : "flagged";
            Counter.builder(OUTCOMES).tag("result", result).description("approval outcomes offered to the agent guard's memory").register(meters)
                    .increment();
            if (r.accepted() > 0) dirty = true;
            for (GuardMemory.Flag f : r.flagged()) {
                alerts.fire(Alert.of(java.util.UUID.randomUUID().toString(), approvals.clock().instant(), Severity.WARNING, "agent.memory",
                        "agent outcome not learned", "the " + (a.status() == ApprovalStatus.DENIED ? "denial" : "approval") + " of request "
                                + a.id() + " was not learned: " + f.reason() + "; the poisoning check stops outcomes that contradict what the "
                                + "memory holds"));
            }
        } catch (RuntimeException e) {
            log.warn("the outcome of agent approval request {} could not be learned", a.id(), e);
        }
    }

    /** Writes a checkpoint when the memory changed since the last one (and, unless {@code now}, a minute has passed). */
    void checkpointIfDue(boolean now) {
        GuardMemory memory = learned;
        if (memory == null || !dirty) return;
        if (!now && System.nanoTime() - lastCheckpointNanos < CHECKPOINT_EVERY.toNanos()) return;
        dirty = false;
        try {
            memory.checkpoint(checkpoints);
            lastCheckpointNanos = System.nanoTime();
        } catch (RuntimeException e) {
            dirty = true;
            log.warn("the agent guard's memory could not be checkpointed", e);
        }
    }

    @Override
    public List<DashboardView> views() {
        return List.of(new DashboardView("agent", "Agent guard", "views/agent.js", 40));
    }

    @Override
    public void stopping() {
        expiry.shutdownNow();
        try {
            if (!expiry.awaitTermination(5, TimeUnit.SECONDS)) log.warn("the agent approval expiry round did not finish within 5 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        checkpointIfDue(true);
    }

    /** The background round: expiry, then the backlog check. */
    void sweep() {
        try {
            expire();
            approvals.backlogAlert(backlog).ifPresent(alerts::fire);
        } catch (RuntimeException e) { // the store failed: the next round tries again
            log.warn("the agent approval expiry round failed", e);
        }
        try {
            health.alerts(learned, approvals.clock().instant()).forEach(alerts::fire);
        } catch (RuntimeException e) {
            log.warn("the agent guard's health check failed", e);
        }
        checkpointIfDue(false);
    }

    /** Marks the requests past their expiry EXPIRED, counts them, and refreshes the gauge. */
    private void expire() {
        approvals.expire().forEach(a -> count("expired"));
        pending.set(approvals.pendingCount());
    }

    private void count(String outcome) {
        Counter.builder(APPROVALS).tag("outcome", outcome).description("agent approval requests decided, by outcome").register(meters)
                .increment();
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
        routes.get(HEALTH_PATH, Access.atLeast(Role.VIEWER),
                "The guard's health: the shares of the last 100 decisions that were stopped (risk) and in which a check failed"
                        + " (errorRate), and the learned memory (exemplars per label, capacity, utilization, consistency, decision rule,"
                        + " applicability threshold; learned false when the service has no learned layer)",
                this::health);
        routes.get(APPROVALS_PATH, Access.atLeast(Role.VIEWER),
                "The approval requests of escalated actions with ?status=S (PENDING, the default: oldest first; APPROVED, DENIED or"
                        + " EXPIRED: newest first), at most ?limit=N (1.." + ApprovalQueue.MAX_LIMIT + ", default "
                        + ApprovalQueue.DEFAULT_LIMIT + "); requests past their expiry are marked EXPIRED first",
                this::list);
        routes.get(APPROVAL_PATH, Access.atLeast(Role.VIEWER),
                "One approval request: the action, the guard's findings, its status, expiry and, once decided, who decided and why",
                ctx -> {
                    expire();
                    ctx.json(ApprovalView.of(approvals.get(ctx.pathParam("approval")), approvals.clock().instant()));
                });
        routes.post(APPROVAL_PATH + "/approve", Access.atLeast(Role.OPERATOR),
                "Allow the escalated action of a PENDING, unexpired request: {\"reason\": \"...\"} (required); the decider is the"
                        + " token's name; the ledger entry agent.approval.approved; 409 when it was decided or expired",
                ctx -> decide(ctx, true));
        routes.post(APPROVAL_PATH + "/deny", Access.atLeast(Role.OPERATOR),
                "Refuse the escalated action of a PENDING, unexpired request: {\"reason\": \"...\"} (required); the decider is the"
                        + " token's name; the ledger entry agent.approval.denied; 409 when it was decided or expired",
                ctx -> decide(ctx, false));
    }

    private void list(Context ctx) {
        String rawLimit = ctx.queryParam("limit");
        if (rawLimit != null && rawLimit.isBlank())
            throw new dev.assay.core.InvalidInputException("query parameter 'limit' must be an integer in 1.." + ApprovalQueue.MAX_LIMIT
                    + ", but was empty");
        int limit = (int) Requests.queryLong(ctx, "limit", ApprovalQueue.DEFAULT_LIMIT, 1, ApprovalQueue.MAX_LIMIT);
        String raw = ctx.queryParam("status");
        ApprovalStatus status = raw == null || raw.isBlank() ? ApprovalStatus.PENDING : ApprovalStatus.parse(raw, "query parameter 'status'");
        expire();
        Instant now = approvals.clock().instant();
        ctx.json(new ApprovalList(status, limit, approvals.list(status, limit).stream().map(a -> ApprovalView.of(a, now)).toList()));
    }

    private void decide(Context ctx, boolean approve) {
        DecisionRequest req = Requests.body(ctx, DecisionRequest.class);
        String who = Requests.principal(ctx).name();
        String id = ctx.pathParam("approval");
        expire();
        Approval a = approve ? approvals.approve(id, who, req.reason()) : approvals.deny(id, who, req.reason());
        count(a.status().name().toLowerCase(Locale.ROOT));
        pending.set(approvals.pendingCount());
        learnOutcome(a);
        ctx.json(ApprovalView.of(a, approvals.clock().instant()));
    }

    private void health(Context ctx) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        dev.assay.core.JsonNumbers.put(o, "risk", health.riskShare());
        dev.assay.core.JsonNumbers.put(o, "errorRate", health.errorRate());
        GuardMemory memory = learned;
        o.put("learned", memory != null);
        if (memory != null) {
            ObjectNode m = o.putObject("memory");
            m.put("ready", memory.ready());
            m.put("safe", memory.size(Label.SAFE));
            m.put("unsafe", memory.size(Label.UNSAFE));
            dev.assay.core.JsonNumbers.put(m, "utilization", memory.utilization());
            dev.assay.core.JsonNumbers.put(m, "consistency", memory.consistency());
            dev.assay.core.JsonNumbers.put(m, "minSimilarity", memory.minSimilarity());
            m.put("ruled", memory.ruled());
            memory.rule().ifPresent(r -> m.putObject("rule").put("cut", r.cut()).put("maxEntropy", r.maxEntropy()));
        }
        ctx.json(o);
    }

    private void check(Context ctx) {
        byte[] body = Requests.decodedBody(ctx);
        Action action = ActionDecoder.decode(new String(body, StandardCharsets.UTF_8));
        long start = System.nanoTime();
        Verdict v = guard.decide(action);
        latency.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        health.record(v);
        ObjectNode payload = json(v);
        long seq = ledger.append("agent.decision", action.agent() == null ? "(unnamed agent)" : action.agent(), payload).seq();
        Counter.builder(DECISIONS).tag("decision", v.decision().name()).tag("kind", action.kind().name())
                .description("agent actions decided over HTTP").register(meters).increment();
        ObjectNode answer = payload.deepCopy();
        answer.put("ledgerSeq", seq);
        if (v.decision() == Decision.ESCALATE) {
            Approval a = approvals.request(v, ttl);
            pending.set(approvals.pendingCount());
            answer.put("approvalId", a.id());
            answer.put("expiresAt", a.expiresAt().toString());
        }
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
        if (v.learned() != null) o.put("learned", v.learned());
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
