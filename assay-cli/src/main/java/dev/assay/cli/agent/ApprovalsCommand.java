package dev.assay.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.approval.Approval;
import dev.assay.agent.approval.ApprovalQueue;
import dev.assay.agent.approval.ApprovalStatus;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code assay agent approvals list|approve|deny}: the human approval queue of escalated agent actions, read and
 * decided directly in the data directory's store and ledger (the same queue {@code assay serve} fills).
 */
@Command(name = "approvals", description = {"The actions the guard escalated to a person: list them, approve or deny one with a reason.",
        "Works on the data directory's store and ledger; a request nobody decides before it expires is denied."},
        subcommands = {ApprovalsCommand.ListApprovals.class, ApprovalsCommand.Approve.class, ApprovalsCommand.Deny.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay agent approvals list --data assay-data",
                "  assay agent approvals approve 0b6f1c2e-8d0a-4f4e-9b7d-2f1a3c5d7e9f --reason 'invoice 42 is due'",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no subcommand, or bad usage or input",
                ExitCodes.HELP_INTERNAL})
public final class ApprovalsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: list, approve or deny");
    }

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The request as {@code list --json} and {@code approve/deny --json} print it. */
    static ObjectNode json(Approval a) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("id", a.id());
        o.put("status", a.status().name());
        o.put("allowed", a.status().allows());
        if (a.agent() != null) o.put("agent", a.agent());
        o.put("summary", a.summary());
        o.set("action", a.action());
        o.set("findings", a.findings());
        o.put("createdAt", a.createdAt().toString());
        o.put("expiresAt", a.expiresAt().toString());
        if (a.decidedBy() != null) o.put("decidedBy", a.decidedBy());
        if (a.reason() != null) o.put("reason", a.reason());
        if (a.decidedAt() != null) o.put("decidedAt", a.decidedAt().toString());
        if (a.requestSeq() != null) o.put("requestSeq", a.requestSeq());
        if (a.decisionSeq() != null) o.put("decisionSeq", a.decisionSeq());
        return o;
    }

    /** {@code assay agent approvals list [--status S] [--limit N] [--json]}. */
    @Command(name = "list", description = {"List approval requests: PENDING ones oldest first (the next to decide first), the others newest first.",
            "Requests past their expiry are marked EXPIRED first, which the ledger records."},
            footer = {ExitCodes.EXAMPLE,
                    "  assay agent approvals list",
                    "  assay agent approvals list --status denied --json",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    public static final class ListApprovals implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--status", paramLabel = "STATUS", defaultValue = "PENDING",
                description = "PENDING, APPROVED, DENIED or EXPIRED (any case)")
        String status;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "Most requests listed, 1.." + ApprovalQueue.MAX_LIMIT)
        int limit;

        @Option(names = "--json", description = "Print the requests as a JSON array (action, findings, status, decider, reason, ledger seqs)")
        boolean json;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CliContext ctx = CliContext.of(spec);
            ApprovalStatus s = ApprovalStatus.parse(status, "--status");
            if (limit < 1 || limit > ApprovalQueue.MAX_LIMIT)
                throw new InvalidInputException("--limit must be from 1 to " + ApprovalQueue.MAX_LIMIT + ", but was " + limit);
            try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
                ApprovalQueue queue = ApprovalQueue.open(core.store(), core.ledger(), ctx.clock());
                queue.expire();
                List<Approval> list = queue.list(s, limit);
                PrintWriter out = ctx.out();
                if (json) {
                    ArrayNode all = JsonNodeFactory.instance.arrayNode();
                    list.forEach(a -> all.add(json(a)));
                    out.println(JSON.writeValueAsString(all));
                } else if (list.isEmpty()) {
                    out.println("no " + s + " approval requests");
                } else {
                    Instant now = ctx.clock().instant();
                    String format = "%-36s  %-8s  %-20s  %-8s  %-24s  %s%n";
                    out.printf(format, "ID", "STATUS", "AGENT", "WAITED", s == ApprovalStatus.PENDING ? "EXPIRES" : "DECIDED BY", "ACTION");
                    for (Approval a : list) {
                        out.printf(format, a.id(), a.status(), cut(a.agent() == null ? ApprovalQueue.UNNAMED : a.agent(), 20),
                                a.waited(now).toSeconds() + " s",
                                s == ApprovalStatus.PENDING ? a.expiresAt().toString() : cut(a.decidedBy(), 24), oneLine(a.summary()));
                    }
                }
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    static String cut(String s, int max) {
        if (s == null) return "-";
        return s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }

    static String oneLine(String s) {
        return cut(s.replaceAll("\\s+", " "), 120);
    }

    /** What approve and deny share: the id, the reason, the decider. */
    abstract static class Decide implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Parameters(index = "0", paramLabel = "ID", description = "The request's id, as 'assay agent approvals list' shows it")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why; recorded in the ledger (required, not blank)")
        String reason;

        @Option(names = "--by", paramLabel = "NAME", description = "Who decides, recorded in the ledger (when absent: the OS user name)")
        String by;

        @Option(names = "--json", description = "Print the decided request as JSON")
        boolean json;

        @Spec
        CommandSpec spec;

        abstract Approval decide(ApprovalQueue queue, String id, String who, String reason);

        @Override
        public Integer call() throws IOException {
            CliContext ctx = CliContext.of(spec);
            String who = by != null ? by : System.getProperty("user.name", "");
            if (who == null || who.isBlank()) throw new InvalidInputException("--by is required: the OS user name is unknown");
            if (reason == null || reason.isBlank()) throw new InvalidInputException("--reason must not be blank: it is recorded in the ledger");
            try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
                ApprovalQueue queue = ApprovalQueue.open(core.store(), core.ledger(), ctx.clock());
                Approval a = decide(queue, id, who, reason);
                PrintWriter out = ctx.out();
                if (json) out.println(JSON.writeValueAsString(json(a)));
                else out.println(a.status() + " " + a.id() + " by " + a.decidedBy() + " (ledger entry " + a.decisionSeq() + "): "
                        + oneLine(a.summary()));
                out.flush();
            }
            return ExitCodes.OK;
        }
    }

    /** {@code assay agent approvals approve ID --reason TEXT [--by NAME]}. */
    @Command(name = "approve", description = {"Allow the escalated action of a PENDING request that has not expired.",
            "The approval (who, why) is the ledger entry agent.approval.approved."},
            footer = {ExitCodes.EXAMPLE,
                    "  assay agent approvals approve 0b6f1c2e-8d0a-4f4e-9b7d-2f1a3c5d7e9f --reason 'invoice 42 is due' --by alice",
                    ExitCodes.HELP,
                    "  0   approved",
                    "  2   bad usage or input, no such request, or it is not PENDING (decided or expired): one line on stderr says what",
                    ExitCodes.HELP_INTERNAL})
    public static final class Approve extends Decide {
        @Override
        Approval decide(ApprovalQueue queue, String id, String who, String reason) {
            return queue.approve(id, who, reason);
        }
    }

    /** {@code assay agent approvals deny ID --reason TEXT [--by NAME]}. */
    @Command(name = "deny", description = {"Refuse the escalated action of a PENDING request that has not expired.",
            "The denial (who, why) is the ledger entry agent.approval.denied."},
            footer = {ExitCodes.EXAMPLE,
                    "  assay agent approvals deny 0b6f1c2e-8d0a-4f4e-9b7d-2f1a3c5d7e9f --reason 'not during the freeze'",
                    ExitCodes.HELP,
                    "  0   denied",
                    "  2   bad usage or input, no such request, or it is not PENDING (decided or expired): one line on stderr says what",
                    ExitCodes.HELP_INTERNAL})
    public static final class Deny extends Decide {
        @Override
        Approval decide(ApprovalQueue queue, String id, String who, String reason) {
            return queue.deny(id, who, reason);
        }
    }
}
