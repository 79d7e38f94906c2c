package dev.assay.agent.approval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.action.Action;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.guard.Verdict;
import dev.assay.core.ConflictException;
import dev.assay.core.InvalidInputException;
import dev.assay.core.NotFoundException;
import dev.assay.core.alert.Alert;
import dev.assay.core.alert.Severity;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import dev.assay.core.store.Store;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The human approval queue over the core store and ledger. {@link #request} enqueues an ESCALATE verdict (any other
 * decision is refused) until a person {@link #approve}s or {@link #deny}s it with a reason, or it expires: only a
 * PENDING request that has not expired can be decided (a {@link ConflictException} naming its status otherwise, a
 * {@link NotFoundException} for an unknown id). {@link #expire} marks every PENDING request past its expiry EXPIRED,
 * which counts as a denial: an action nobody approved in time is never allowed.
 *
 * <p>Each request, approval, denial and expiry is one ledger entry ({@value #REQUESTED}, {@value #APPROVED},
 * {@value #DENIED}, {@value #EXPIRED}; subject the agent or {@value #UNNAMED}; payload the id, the action's kind, tool
 * and target, and who decided and why), and the row's change is applied inside that append's transaction, so the
 * queue and the ledger always agree; the entry's sequence number is stored on the row just after. Times come from the
 * injected clock, truncated to milliseconds.
 */
public final class ApprovalQueue {
    /** How long a request waits for a person by default. */
    public static final Duration DEFAULT_TTL = Duration.ofMinutes(15);
    /** Longest time a request may wait. */
    public static final Duration MAX_TTL = Duration.ofDays(7);
    /** Default and largest number of requests {@link #list} returns. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Longest reason, and longest decider name, in characters. */
    public static final int MAX_REASON = 1000;
    public static final int MAX_WHO = 256;
    /** Longest target in a summary and in a ledger payload, in characters. */
    public static final int MAX_SUMMARY = 512;
    /** Who a request that expired was decided by. */
    public static final String EXPIRY = "(expired)";
    /** Ledger kinds and the subject of an action without an agent. */
    public static final String REQUESTED = "agent.approval.requested";
    public static final String APPROVED = "agent.approval.approved";
    public static final String DENIED = "agent.approval.denied";
    public static final String EXPIRED = "agent.approval.expired";
    public static final String UNNAMED = "(unnamed agent)";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final String COLUMNS = "id, created_at, expires_at, agent, action, findings, status, decided_by, reason,"
            + " decided_at, request_seq, decision_seq";

    private final Store store;
    private final Ledger ledger;
    private final Clock clock;

    private ApprovalQueue(Store store, Ledger ledger, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The queue kept in {@code store}, recorded in {@code ledger}, timed by {@code clock}. */
    public static ApprovalQueue open(Store store, Ledger ledger, Clock clock) {
        return new ApprovalQueue(store, ledger, clock);
    }

    /** The clock the queue reads. */
    public Clock clock() {
        return clock;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Enqueues {@code verdict}, which must be an ESCALATE, for at most {@code ttl} (1 ms to {@link #MAX_TTL}); returns
     * the PENDING request with its ledger entry's sequence number.
     */
    public Approval request(Verdict verdict, Duration ttl) {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(ttl, "ttl");
        if (verdict.decision() != Decision.ESCALATE)
            throw new InvalidInputException("only an ESCALATE verdict waits for approval, but this one is " + verdict.decision());
        if (ttl.toMillis() < 1 || ttl.compareTo(MAX_TTL) > 0)
            throw new InvalidInputException("ttl must be from 1 ms to " + MAX_TTL.toDays() + " days, but was " + ttl);
        String id = UUID.randomUUID().toString();
        Instant created = now();
        Instant expires = created.plus(ttl);
        Action a = verdict.action();
        String action = text(actionJson(a));
        String findings = text(findingsJson(verdict.findings()));
        ObjectNode payload = payload(id, actionJson(a));
        payload.put("expiresAt", expires.toString());
        payload.set("findings", findingsJson(verdict.findings()));
        LedgerEntry e = ledger.append(REQUESTED, subject(a.agent()), payload, h -> h.createUpdate(
                        "INSERT INTO agent_approvals (id, created_at, expires_at, agent, action, findings, status)"
                                + " VALUES (:id, :c, :x, :agent, :action, :findings, 'PENDING')")
                .bind("id", id).bind("c", created.toEpochMilli()).bind("x", expires.toEpochMilli()).bind("agent", a.agent())
                .bind("action", action).bind("findings", findings).execute());
        store.write(h -> h.createUpdate("UPDATE agent_approvals SET request_seq = :s WHERE id = :id")
                .bind("s", e.seq()).bind("id", id).execute());
        return get(id);
    }

    /** The PENDING requests, oldest first (at most {@link #MAX_LIMIT}). */
    public List<Approval> pending() {
        return list(ApprovalStatus.PENDING, MAX_LIMIT);
    }

    /**
     * At most {@code limit} (1 to {@link #MAX_LIMIT}) requests with {@code status}: PENDING ones oldest first (the
     * next to decide first), the others newest first.
     */
    public List<Approval> list(ApprovalStatus status, int limit) {
        Objects.requireNonNull(status, "status");
        if (limit < 1 || limit > MAX_LIMIT)
            throw new InvalidInputException("limit must be from 1 to " + MAX_LIMIT + ", but was " + limit);
        String order = status == ApprovalStatus.PENDING ? "created_at ASC, id ASC" : "created_at DESC, id DESC";
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM agent_approvals WHERE status = :s ORDER BY "
                        + order + " LIMIT :n")
                .bind("s", status.name()).bind("n", limit).map(ApprovalQueue::row).list());
    }

    /** The request {@code id}; a {@link NotFoundException} naming it when there is none. */
    public Approval get(String id) {
        String key = id(id);
        return store.jdbi().withHandle(h -> find(h, key))
                .orElseThrow(() -> new NotFoundException("no approval request '" + id + "'"));
    }

    /** Allows the action of PENDING request {@code id}: {@code who} decided it, for {@code reason}. */
    public Approval approve(String id, String who, String reason) {
        return decide(id, who, reason, ApprovalStatus.APPROVED, APPROVED);
    }

    /** Refuses the action of PENDING request {@code id}: {@code who} decided it, for {@code reason}. */
    public Approval deny(String id, String who, String reason) {
        return decide(id, who, reason, ApprovalStatus.DENIED, DENIED);
    }

    private Approval decide(String id, String who, String reason, ApprovalStatus to, String kind) {
        String key = id(id);
        String by = text(who, "who", MAX_WHO);
        String why = text(reason, "reason", MAX_REASON);
        expire();
        Approval current = get(key);
        requireUndecided(current, key);
        Instant now = now();
        ObjectNode payload = payload(key, current.action());
        payload.put("by", by).put("reason", why);
        LedgerEntry e = ledger.append(kind, subject(current.agent()), payload, h -> {
            Approval row = find(h, key).orElseThrow(() -> new NotFoundException("no approval request '" + key + "'"));
            requireUndecided(row, key);
            if (!row.expiresAt().isAfter(now))
                throw new ConflictException("approval request " + key + " is EXPIRED (at " + row.expiresAt() + "); it cannot be "
                        + to.name().toLowerCase(java.util.Locale.ROOT));
            h.createUpdate("UPDATE agent_approvals SET status = :to, decided_by = :by, reason = :why, decided_at = :t"
                            + " WHERE id = :id AND status = 'PENDING'")
                    .bind("to", to.name()).bind("by", by).bind("why", why).bind("t", now.toEpochMilli()).bind("id", key).execute();
        });
        store.write(h -> h.createUpdate("UPDATE agent_approvals SET decision_seq = :s WHERE id = :id")
                .bind("s", e.seq()).bind("id", key).execute());
        return get(key);
    }

    private static void requireUndecided(Approval a, String id) {
        switch (a.status()) {
            case PENDING -> { }
            case EXPIRED -> throw new ConflictException("approval request " + id + " is EXPIRED, not PENDING: nobody decided it before "
                    + a.expiresAt() + ", so its action stays denied; the agent must ask again");
            default -> throw new ConflictException("approval request " + id + " is " + a.status() + ", not PENDING: "
                    + a.decidedBy() + " decided it already");
        }
    }

    /** {@link #expire(Instant)} at the clock's time. */
    public List<Approval> expire() {
        return expire(now());
    }

    /**
     * Marks every PENDING request whose expiry is at or before {@code now} EXPIRED (a denial), one ledger entry each;
     * returns those it marked. A request decided meanwhile by someone else is left as it is.
     */
    public List<Approval> expire(Instant now) {
        Objects.requireNonNull(now, "now");
        long at = now.toEpochMilli();
        List<Approval> due = store.jdbi().withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM agent_approvals"
                        + " WHERE status = 'PENDING' AND expires_at <= :t ORDER BY expires_at, id")
                .bind("t", at).map(ApprovalQueue::row).list());
        List<Approval> out = new ArrayList<>();
        for (Approval a : due) {
            ObjectNode payload = payload(a.id(), a.action());
            payload.put("by", EXPIRY).put("reason", "nobody decided before " + a.expiresAt() + "; an expired request counts as DENY")
                    .put("expiresAt", a.expiresAt().toString());
            LedgerEntry e;
            try {
                e = ledger.append(EXPIRED, subject(a.agent()), payload, h -> {
                    int n = h.createUpdate("UPDATE agent_approvals SET status = 'EXPIRED', decided_by = :by, reason = :why,"
                                    + " decided_at = :t WHERE id = :id AND status = 'PENDING' AND expires_at <= :t")
                            .bind("by", EXPIRY).bind("why", payload.get("reason").asText()).bind("t", at).bind("id", a.id()).execute();
                    if (n != 1) throw new ConflictException("approval request " + a.id() + " was decided meanwhile");
                });
            } catch (ConflictException decidedMeanwhile) {
                continue;
            }
            store.write(h -> h.createUpdate("UPDATE agent_approvals SET decision_seq = :s WHERE id = :id")
                    .bind("s", e.seq()).bind("id", a.id()).execute());
            out.add(get(a.id()));
        }
        return out;
    }

    /** How many requests are PENDING (expired ones included until {@link #expire} marks them). */
    public int pendingCount() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM agent_approvals WHERE status = 'PENDING'")
                .mapTo(Integer.class).one());
    }

    /** The backlog at the clock's time against {@code limits}. */
    public Backlog backlog(Backlog.Limits limits) {
        Objects.requireNonNull(limits, "limits");
        Instant now = now();
        return store.jdbi().withHandle(h -> {
            int n = h.createQuery("SELECT COUNT(*) FROM agent_approvals WHERE status = 'PENDING'").mapTo(Integer.class).one();
            Optional<Long> oldest = h.createQuery("SELECT MIN(created_at) FROM agent_approvals WHERE status = 'PENDING'")
                    .mapTo(Long.class).findOne();
            Duration wait = oldest.map(t -> Duration.ofMillis(Math.max(0, now.toEpochMilli() - t))).orElse(Duration.ZERO);
            return new Backlog(n, wait, limits);
        });
    }

    /**
     * The alert to raise when the backlog is over {@code limits} (WARNING, source {@code agent.approvals}, dedup key
     * {@code agent.approvals/backlog}), or empty when it is not.
     */
    public Optional<Alert> backlogAlert(Backlog.Limits limits) {
        Backlog b = backlog(limits);
        if (!b.over()) return Optional.empty();
        return Optional.of(new Alert(UUID.randomUUID().toString(), now(), Severity.WARNING, "agent.approvals",
                "agent approval backlog", b.why() + "; decide them with 'assay agent approvals' or on the dashboard's agent page",
                "agent.approvals/backlog", Map.of("pending", Integer.toString(b.pending()),
                "oldestWaitSeconds", Long.toString(b.oldestWait().toSeconds()))));
    }

    // ---- rows and JSON

    private static Optional<Approval> find(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM agent_approvals WHERE id = :id").bind("id", id)
                .map(ApprovalQueue::row).findOne();
    }

    private static Approval row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Approval(rs.getString("id"), Instant.ofEpochMilli(rs.getLong("created_at")),
                Instant.ofEpochMilli(rs.getLong("expires_at")), rs.getString("agent"), tree(rs.getString("action")),
                tree(rs.getString("findings")), ApprovalStatus.valueOf(rs.getString("status")), rs.getString("decided_by"),
                rs.getString("reason"), instant(rs, "decided_at"), nullableLong(rs, "request_seq"), nullableLong(rs, "decision_seq"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Long v = nullableLong(rs, column);
        return v == null ? null : Instant.ofEpochMilli(v);
    }

    private static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** The id as stored (a lower-case UUID), or an {@link InvalidInputException} / {@link NotFoundException}. */
    private static String id(String id) {
        if (id == null || id.isBlank()) throw new InvalidInputException("an approval request id is required");
        String key = id.strip().toLowerCase(java.util.Locale.ROOT);
        if (!ID.matcher(key).matches()) throw new NotFoundException("no approval request '" + id + "'");
        return key;
    }

    private static String text(String value, String name, int max) {
        if (value == null || value.isBlank()) throw new InvalidInputException(name + " is required and must not be blank");
        String v = value.strip();
        if (v.length() > max) throw new InvalidInputException(name + " must be at most " + max + " characters, but was " + v.length());
        return v;
    }

    static String subject(String agent) {
        return agent == null ? UNNAMED : agent;
    }

    /** The ledger payload's common part: the id and the action's kind, tool and target (cut), agent and goal. */
    private static ObjectNode payload(String id, JsonNode action) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("id", id);
        p.put("kind", action.path("kind").asText());
        p.put("tool", action.path("tool").asText());
        String target = action.path("target").asText();
        p.put("target", cut(target));
        p.put("targetChars", target.length());
        if (action.hasNonNull("agent")) p.put("agent", action.get("agent").asText());
        p.put("summary", summary(action));
        return p;
    }

    static String summary(JsonNode action) {
        return action.path("kind").asText() + " " + cut(action.path("target").asText());
    }

    private static String cut(String s) {
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY) + "...";
    }

    static ObjectNode actionJson(Action a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("kind", a.kind().name());
        o.put("tool", a.tool());
        o.put("target", a.target());
        o.set("arguments", a.arguments());
        if (a.agent() != null) o.put("agent", a.agent());
        o.put("goal", a.goal());
        ArrayNode ctx = o.putArray("context");
        a.context().forEach(ctx::add);
        return o;
    }

    static ArrayNode findingsJson(List<Finding> findings) {
        ArrayNode fs = JsonNodeFactory.instance.arrayNode();
        for (Finding f : findings) {
            ObjectNode x = fs.addObject();
            x.put("risk", f.risk().name());
            x.put("decision", f.decision().name());
            x.put("evidence", f.evidence());
        }
        return fs;
    }

    private static String text(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("the action cannot be written as JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode tree(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agent_approvals holds JSON that does not parse: " + e.getOriginalMessage(), e);
        }
    }
}
