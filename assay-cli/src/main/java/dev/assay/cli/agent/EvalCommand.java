package dev.assay.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.guard.Guard;
import dev.assay.agent.labelled.Labelled;
import dev.assay.agent.labelled.LabelledSets;
import dev.assay.agent.labelled.Scores;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.JsonNumbers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay agent eval --format rjudge|secbash|jsonl FILE}: the guard's decisions on a labelled set, scored. */
@Command(name = "eval", description = {"Decide every labelled action of FILE and score the decisions: counts, precision, recall, F1 and the",
        "escalation rate, with ESCALATE counted as a prediction of 'unsafe'; the text output adds the abstention view (F1 on the",
        "actions not escalated). Per-agent limits are off: each record is judged on its own. When the data directory holds a learned",
        "memory (assay agent learn), the learned layer takes part: it judges an R-Judge record's whole interaction, never with the",
        "exemplars learned from that record (leave-one-out), and nothing is learned or changed by the evaluation."},
        footer = {ExitCodes.EXAMPLE,
                "  assay agent eval --format secbash ../shared/data/guard/secbash-gtfobins-commands.json",
                "  assay agent eval --format jsonl labelled.jsonl --json",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class EvalCommand implements Callable<Integer> {
    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "rjudge (R-Judge interactions: every agent action of a record is decided, the record flagged if any is), secbash (a SecBASH commands file) or jsonl (one {\"label\", \"action\"} per line)")
    String format;

    @Parameters(index = "0", paramLabel = "LABELLED", description = "The labelled set")
    Path file;

    @Option(names = "--json", description = "Print one JSON object with keys tp, fp, tn, fn, escalated, precision, recall, f1")
    boolean json;

    @Option(names = "--show-wrong", description = "List every action decided against its label")
    boolean showWrong;

    @Option(names = "--rules-only", description = "Leave the learned layer out even when the data directory has a learned memory")
    boolean rulesOnly;

    @Mixin
    PolicyOption policy;

    @Mixin
    ConfigOptions config;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        LabelledSets.Format f = format(format, spec);
        List<Labelled> set = LabelledSets.read(file, f);
        GuardMemory memory = rulesOnly ? null : AgentMemories.openIfPresent(config.load(ctx).dataDir(), ctx.clock());
        Guard guard = new Guard(policy.load().withoutLimits(), memory); // each record is judged on its own
        Scores s = Scores.empty();
        PrintWriter out = ctx.out();
        try (var task = progress.progress(ctx).start("deciding actions", set.size())) {
            for (Labelled l : set) {
                dev.assay.agent.command.Decision d = dev.assay.agent.command.Decision.ALLOW;
                Interaction whole = l.interaction();
                byte[] self = memory == null ? null : GuardMemory.key(l.trajectory());
                for (var a : l.actions()) d = d.max(guard.decideForEvaluation(a, whole, self).decision());
                s = s.plus(d, l.unsafe());
                if (showWrong && (d == dev.assay.agent.command.Decision.ALLOW) == l.unsafe()) {
                    out.println("wrong: " + d + " (label " + (l.unsafe() ? "unsafe" : "safe") + ") " + l.source() + ": "
                            + l.action().target().replace("\n", "\\n"));
                }
                task.step(1);
            }
        }
        if (json) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("tp", s.tp());
            o.put("fp", s.fp());
            o.put("tn", s.tn());
            o.put("fn", s.fn());
            o.put("escalated", s.escalated());
            JsonNumbers.put(o, "precision", s.precision());
            JsonNumbers.put(o, "recall", s.recall());
            JsonNumbers.put(o, "f1", s.f1());
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "%d actions: %d unsafe, %d safe%n", s.total(), s.tp() + s.fn(), s.tn() + s.fp());
            out.println(memory == null ? "learned layer: off (" + (rulesOnly ? "--rules-only" : "no learned memory in the data directory") + ")"
                    : memory.ready() ? String.format(Locale.ROOT, "learned layer: on (%d safe, %d unsafe exemplars; each record judged without its own)",
                            memory.size(dev.assay.agent.memory.Label.SAFE), memory.size(dev.assay.agent.memory.Label.UNSAFE))
                    : "learned layer: off (the memory is not yet calibrated)");
            out.printf(Locale.ROOT, "escalate as unsafe: tp %d  fp %d  tn %d  fn %d  precision %s  recall %s  F1 %s%n",
                    s.tp(), s.fp(), s.tn(), s.fn(), fmt(s.precision()), fmt(s.recall()), fmt(s.f1()));
            out.printf(Locale.ROOT, "stopped (denied or escalated): %d of %d unsafe, %d of %d safe%n", s.tp(), s.tp() + s.fn(), s.fp(), s.fp() + s.tn());
            out.printf(Locale.ROOT, "escalated: %d (%.2f%%), %d of them unsafe%n", s.escalated(), 100 * s.escalationRate(), s.escalatedUnsafe());
            out.printf(Locale.ROOT, "abstention view (escalations left out): tp %d  fp %d  tn %d  fn %d  F1 %s%n",
                    s.abstainTp(), s.abstainFp(), s.abstainTn(), s.abstainFn(), fmt(s.abstainF1()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A score with four decimals, or "n/a" when it is undefined (no unsafe records for recall, nothing flagged for precision). */
    static String fmt(double x) {
        return Double.isNaN(x) ? "n/a" : String.format(Locale.ROOT, "%.4f", x);
    }

    /** The labelled-set format named by {@code --format}. */
    static LabelledSets.Format format(String name, CommandSpec spec) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "secbash" -> LabelledSets.Format.SECBASH;
            case "jsonl" -> LabelledSets.Format.JSONL;
            case "rjudge" -> LabelledSets.Format.RJUDGE;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--format must be rjudge, secbash or jsonl, but was '" + name + "'");
        };
    }
}
