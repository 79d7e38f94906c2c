package dev.assay.cli.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.agent.checkpoint.Checkpoints;
import dev.assay.agent.labelled.Labelled;
import dev.assay.agent.labelled.LabelledSets;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.config.AssayConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay agent learn --format rjudge|secbash|jsonl FILE}: labelled examples into the data directory's memory. */
@Command(name = "learn", description = {"Feed labelled examples into the learned memory of the data directory, through the poisoning check: an",
        "example far from the class it claims, nearer the other class than that class's own examples are, or whose nearest",
        "examples mostly carry the other label, is not learned and is listed with the reason. While the memory holds fewer than",
        "60 examples of a class the check cannot run and examples are learned unchecked (said in the summary); --trusted learns",
        "a vetted set without the check. Afterwards the decision rule is",
        "calibrated again on leave-one-out judgements of everything stored, a signed checkpoint is written (the newest 10 are kept)",
        "and the run is the ledger entry agent.learn. Each record is embedded with the in-process MiniLM model (no network)."},
        footer = {ExitCodes.EXAMPLE,
                "  assay agent learn --format rjudge --trusted --data guard-data vetted.json",
                "  assay agent learn --format jsonl --data guard-data outcomes.jsonl",
                ExitCodes.HELP,
                "  0   learned (flagged examples, if any, are listed and not learned)",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class LearnCommand implements Callable<Integer> {
    /** Most flagged examples named in the ledger entry. */
    static final int MAX_RECORDED_FLAGS = 100;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "rjudge (R-Judge interactions, each learned whole), secbash (a SecBASH commands file) or jsonl (one {\"label\", \"action\"} per line)")
    String format;

    @Parameters(index = "0", paramLabel = "LABELLED", description = "The labelled examples")
    Path file;

    @Option(names = "--trusted", description = "Learn without the poisoning check: for a set you have vetted (default: checked)")
    boolean trusted;

    @Option(names = "--json", description = "Print one JSON object: examples, accepted, unchecked, duplicates, flagged (id, label, reason), safe, unsafe, rule, checkpoint")
    boolean json;

    @Mixin
    ConfigOptions config;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        LabelledSets.Format f = EvalCommand.format(format, spec);
        List<Labelled> set = LabelledSets.read(file, f);
        AssayConfig settings = config.load(ctx);
        Path dataDir = settings.dataDir();
        Files.createDirectories(dataDir);
        GuardMemory memory = AgentMemories.open(dataDir, ctx.clock());
        List<Interaction> examples = new ArrayList<>(set.size());
        for (Labelled l : set) examples.add(l.trajectory());
        GuardMemory.LearnReport r;
        try (var task = progress.progress(ctx).start("learning examples", examples.size())) {
            r = memory.learn(examples, trusted, task::step);
        }
        Checkpoints checkpoints = AgentMemories.checkpoints(dataDir, ctx.clock());
        Path written = memory.checkpoint(checkpoints);
        ObjectNode o = report(r, written, sha256(written));
        o.put("file", file.toString());
        o.put("format", f.name().toLowerCase(Locale.ROOT));
        o.put("trusted", trusted);
        ObjectNode recorded = o.deepCopy();
        ArrayNode flags = (ArrayNode) recorded.get("flagged");
        while (flags.size() > MAX_RECORDED_FLAGS) flags.remove(flags.size() - 1);
        long seq;
        try (CoreServices core = CoreServices.open(settings, ctx.clock())) {
            seq = core.ledger().append("agent.learn", "(agent memory)", recorded).seq();
        }
        PrintWriter out = ctx.out();
        if (json) {
            o.put("ledgerSeq", seq);
            out.println(new ObjectMapper().writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "%d examples: %d learned, %d flagged and not learned, %d already in memory%n", r.examples(), r.accepted(),
                    r.flagged().size(), r.duplicates());
            if (r.unchecked() > 0) {
                out.printf(Locale.ROOT, "%d learned unchecked: the poisoning check needs %d safe and %d unsafe examples in memory first%n", r.unchecked(),
                        dev.assay.agent.poison.PoisonCheck.DEFAULT_MIN_PER_CLASS, dev.assay.agent.poison.PoisonCheck.DEFAULT_MIN_PER_CLASS);
            }
            for (GuardMemory.Flag fl : r.flagged()) out.println("flagged " + fl.id() + ": " + fl.reason());
            out.printf(Locale.ROOT, "memory: %d safe, %d unsafe%n", r.safe(), r.unsafe());
            if (r.rule() == null) {
                out.printf(Locale.ROOT, "not yet deciding: the learned layer needs %d examples of each class%n", GuardMemory.MIN_PER_CLASS);
            } else {
                out.printf(Locale.ROOT, "decision rule: DENY at P(unsafe) >= %.2f, ESCALATE above %.3f bits of entropy%n", r.rule().cut(), r.rule().maxEntropy());
            }
            out.println("checkpoint " + written + ", ledger entry " + seq);
        }
        out.flush();
        return ExitCodes.OK;
    }

    static ObjectNode report(GuardMemory.LearnReport r, Path checkpoint, String sha256) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("examples", r.examples());
        o.put("accepted", r.accepted());
        o.put("unchecked", r.unchecked());
        o.put("duplicates", r.duplicates());
        ArrayNode flagged = o.putArray("flagged");
        for (GuardMemory.Flag f : r.flagged()) {
            flagged.addObject().put("id", f.id()).put("label", f.claimed().name().toLowerCase(Locale.ROOT)).put("reason", f.reason());
        }
        o.put("safe", r.safe());
        o.put("unsafe", r.unsafe());
        if (r.rule() != null) o.putObject("rule").put("cut", r.rule().cut()).put("maxEntropy", r.rule().maxEntropy());
        else o.putNull("rule");
        o.put("checkpoint", checkpoint.getFileName().toString());
        o.put("checkpointSha256", sha256);
        return o;
    }

    private static String sha256(Path p) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
