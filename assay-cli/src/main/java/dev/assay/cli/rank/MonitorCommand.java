package dev.assay.cli.rank;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.alert.AlertChannel;
import dev.assay.core.alert.AlertManager;
import dev.assay.core.contract.Evaluation;
import dev.assay.ranking.monitor.Firing;
import dev.assay.ranking.monitor.MonitorConfig;
import dev.assay.ranking.monitor.MonitorSinks;
import dev.assay.ranking.monitor.MonitorState;
import dev.assay.ranking.monitor.QueryObservation;
import dev.assay.ranking.monitor.QueryObservations;
import dev.assay.ranking.monitor.RankingMonitor;
import dev.assay.ranking.monitor.WindowResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay rank monitor}: replays a JSON-lines file of timestamped observations of a candidate through
 * the ranking monitor (windows by the observations' own times), printing a line per window and per
 * trigger, and rolls the candidate back through the registry when a rollback trigger fires.
 * Exit 0 without rollback, 1 after a rollback, 2 on bad input.
 */
@Command(name = "monitor", description = "Replay candidate observations through the ranking monitor; roll back on its triggers.",
        footer = {ExitCodes.EXAMPLE,
                "  assay rank monitor --model ranker --candidate v2 --observations canary.jsonl",
                ExitCodes.HELP,
                "  0   replayed without a rollback",
                "  1   a trigger fired and the candidate was rolled back",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class MonitorCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "MODEL")
    String model;

    @Option(names = "--candidate", required = true, paramLabel = "VERSION", description = "The candidate version under canary/AB")
    String candidate;

    @Option(names = "--observations", required = true, paramLabel = "FILE.jsonl",
            description = "One JSON object per line: time, gain, latencyMs, jaccard10, confidence, correct")
    Path observations;

    @Option(names = "--monitor-config", paramLabel = "FILE.yaml", description = "Monitor limits (default: the design's)")
    Path monitorConfig;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        MonitorConfig limits = monitorConfig == null ? MonitorConfig.defaults() : MonitorConfig.load(monitorConfig);
        List<QueryObservation> all = read(observations);
        if (all.isEmpty()) throw new InvalidInputException(observations + ": no observations");
        PrintWriter out = ctx.out();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock());
             AlertManager alerts = AlertManager.builder(meters).clock(ctx.clock()).channel("log", AlertChannel.log()).build()) {
            RankingMonitor monitor = RankingMonitor.replay(model, candidate, limits,
                    new MonitorSinks(core.registry(), core.ledger(), alerts, meters), all, w -> print(out, w));
            MonitorState s = monitor.state();
            out.printf(Locale.ROOT, "summary windows=%d observations=%d late=%d sequential.p=%.4g rolled_back=%s%n",
                    s.windows(), s.observations(), s.late(), s.sequential().pValue(), s.rolledBack());
            s.rollbackReason().ifPresent(r -> out.println("rollback " + model + "/" + candidate + ": " + r));
            out.flush();
            return s.rolledBack() ? ExitCodes.CHECK_FAILED : ExitCodes.OK;
        }
    }

    private static List<QueryObservation> read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return QueryObservations.readJsonLines(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("observations file " + file + " does not exist");
        }
    }

    private static void print(PrintWriter out, WindowResult w) {
        StringBuilder sb = new StringBuilder("window ").append(w.start()).append("..").append(w.end())
                .append(" n=").append(w.observations());
        for (Evaluation e : w.evaluations()) {
            sb.append(' ').append(e.check()).append('=').append(e.verdict());
            if (e.warning()) sb.append("(warning)");
            if (Double.isFinite(e.evidence().value())) sb.append(String.format(Locale.ROOT, "[%.4g]", e.evidence().value()));
        }
        sb.append(String.format(Locale.ROOT, " sequential.p=%.4g", w.sequential().pValue()));
        out.println(sb);
        for (Firing f : w.firings()) {
            out.println("trigger " + f.severity() + " " + f.action() + " " + f.trigger() + " at " + f.at() + ": " + f.reason());
        }
    }
}
