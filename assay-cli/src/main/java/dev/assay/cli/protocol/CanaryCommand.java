package dev.assay.cli.protocol;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.protocol.labels.NdpiFlow;
import dev.assay.protocol.sla.CanaryContract;
import dev.assay.protocol.sla.DiscoveryService;
import dev.assay.protocol.sla.ProtocolRollout;
import dev.assay.protocol.sla.QualityMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay protocol canary --labels DIR CAPTURE...}: the canary contract of the protocol classifier's candidate. */
@Command(name = "canary", description = "Judge the protocol classifier's candidate (its CANARY or A/B version in the registry, or --candidate) "
        + "against the primary on labelled flows: both classify every flow nDPI labels with confidence (the captures' <name>.out in "
        + "--labels), alternating, after a warm-up, without the cache. The contract: the candidate's per-flow latency p95 at most "
        + "1.2 times the primary's, and at least as many flows right. With --apply the candidate is promoted when it meets the "
        + "contract and rolled back when it does not, each a ledger entry.",
        footer = {ExitCodes.EXAMPLE,
                "  assay models deploy protocol-classifier validators-1 --stage CANARY \\",
                "      --percent 10 --reason 'validators alone'",
                "  assay protocol canary --labels ndpi/result --mode balanced --apply \\",
                "      ndpi/pcap/*.pcap",
                ExitCodes.HELP,
                "  0   the candidate meets the contract (a capture cut short counts its flows",
                "      up to the cut, and one line on stderr names the byte offset of the cut)",
                "  1   the candidate does not meet the contract",
                "  2   bad usage, no candidate deployed, a capture that cannot be read (not a",
                "      capture, a broken record, a link type none of its packets can be decoded",
                "      in), or no labelled flow",
                ExitCodes.HELP_INTERNAL})
public final class CanaryCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "CAPTURE", description = "Capture files (pcap or pcapng) with nDPI's results in --labels")
    List<Path> files;

    @Option(names = "--labels", required = true, paramLabel = "RESULTS", description = "nDPI expected results, <capture name>.out")
    Path labels;

    @Option(names = "--mode", defaultValue = "balanced", paramLabel = "MODE", description = "Quality mode both versions answer in")
    String mode;

    @Option(names = "--candidate", paramLabel = "VERSION", description = "The version to judge (default: the one deployed as CANARY or AB)")
    String candidate;

    @Option(names = "--apply", description = "Promote the candidate if it meets the contract, else roll it back")
    boolean apply;

    @Mixin
    ConfigOptions config;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        QualityMode quality = ProtocolServices.mode(mode);
        if (!Files.isDirectory(labels)) throw new InvalidInputException("--labels " + labels + ": no such directory");
        List<CanaryContract.LabelledFlow> flows = new ArrayList<>();
        int status = read(ctx, quality, flows);
        if (flows.isEmpty()) {
            if (status == ExitCodes.OK)
                ctx.err().println("assay: no flow of the captures has a label nDPI is sure of in " + labels
                        + (unlabelled.isEmpty() ? "" : " (no <capture>.out there for " + String.join(", ", unlabelled) + ")"));
            return ExitCodes.USAGE;
        }
        try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
            Registry registry = core.registry();
            List<DiscoveryService> builds = ProtocolServices.builds(new SimpleMeterRegistry());
            try (ProtocolRollout rollout = ProtocolRollout.open(registry, builds, DiscoveryService.LEARNED_VERSION,
                    dev.assay.cli.VersionCommand.assayVersion(), ctx.clock(), new SimpleMeterRegistry())) {
                rollout.register();
                List<Deployment> deployments = registry.deployments(ProtocolRollout.MODEL);
                String primary = deployments.stream().filter(d -> d.stage() == Stage.PRIMARY).map(Deployment::version).findFirst()
                        .orElseThrow(() -> new InvalidInputException(ProtocolRollout.MODEL + " has no primary version"));
                String judged = candidate != null ? candidate : deployments.stream()
                        .filter(d -> d.stage() == Stage.CANARY || d.stage() == Stage.AB).map(Deployment::version).findFirst()
                        .orElseThrow(() -> new InvalidInputException("no CANARY or AB version of " + ProtocolRollout.MODEL + " to judge: deploy one "
                                + "with 'assay models deploy " + ProtocolRollout.MODEL + " VERSION --stage CANARY --percent 10', or name it with --candidate"));
                if (judged.equals(primary)) throw new InvalidInputException(judged + " is the primary already; there is nothing to compare it with");
                DiscoveryService p = service(rollout, primary);
                DiscoveryService c = service(rollout, judged);
                CanaryContract.Report report;
                try (var task = progress.progress(ctx).start("judging " + judged + " against " + primary, flows.size())) {
                    report = CanaryContract.evaluate(p, c, flows, quality, n -> task.step(1));
                }
                PrintWriter out = ctx.out();
                out.printf(Locale.ROOT, "%s %s (mode %s, %d labelled flows from %d captures)%n", report.verdict(), report.reason(), report.mode(),
                        report.flows(), files.size());
                if (apply) {
                    List<Deployment> after = CanaryContract.apply(registry, report);
                    out.println((report.verdict() == CanaryContract.Verdict.PROMOTE ? "promoted " : "rolled back ") + judged + "; deployments now:");
                    for (Deployment d : after) out.printf(Locale.ROOT, "  %s %s %.0f%%%n", d.version(), d.stage(), d.trafficPercent());
                }
                out.flush();
                if (status != ExitCodes.OK) return status;
                return report.verdict() == CanaryContract.Verdict.PROMOTE ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
            }
        }
    }

    private static DiscoveryService service(ProtocolRollout rollout, String version) {
        Optional<DiscoveryService> s = rollout.service(version);
        return s.orElseThrow(() -> new InvalidInputException("version " + version + " of " + ProtocolRollout.MODEL + " is not one this build has "
                + rollout.versions()));
    }

    /** Captures with no nDPI result beside them in --labels. */
    private final List<String> unlabelled = new ArrayList<>();

    private int read(CliContext ctx, QualityMode quality, List<CanaryContract.LabelledFlow> flows) {
        return Captures.read(ctx, files, progress.progress(ctx), ProtocolServices.offline(quality).limits(), file -> {
            Optional<Map<String, String>> expected = Captures.labels(labels, file, NdpiFlow::label);
            if (expected.isEmpty()) unlabelled.add(file.getFileName().toString());
            Map<String, String> known = expected.orElse(Map.of()); // read even without labels, so that a broken capture is named
            return flow -> {
                String label = known.get(Captures.key(flow));
                if (label != null) flows.add(new CanaryContract.LabelledFlow(flow, label));
            };
        });
    }
}
