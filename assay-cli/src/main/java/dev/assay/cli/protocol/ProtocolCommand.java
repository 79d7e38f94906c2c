package dev.assay.cli.protocol;

import dev.assay.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code assay protocol ...}: which protocols a capture's flows speak. */
@Command(name = "protocol", description = "Protocol discovery: read packet captures into flows and name each flow's protocol, with where the label came from; load the protocol service and measure it.",
        subcommands = {ClassifyCommand.class, ExplainCommand.class, BenchCommand.class, CanaryCommand.class, DiscoverCommand.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay protocol classify trace.pcapng",
                "  assay protocol classify --json captures/*.pcap",
                "  assay protocol explain --flow 10.0.0.2:53 trace.pcap",
                "  assay protocol canary --labels ndpi/result --apply ndpi/pcap/*.pcap",
                "  assay protocol bench --pattern wave --rate 300 --seconds 20 captures/*.pcap",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  2   no subcommand, bad usage, or a capture that cannot be read",
                ExitCodes.HELP_INTERNAL})
public final class ProtocolCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand");
    }
}
