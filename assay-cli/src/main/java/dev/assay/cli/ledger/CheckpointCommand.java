package dev.assay.cli.ledger;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay ledger checkpoint}: the newest signed checkpoint, or the key that verifies it. */
@Command(name = "checkpoint",
        description = "Print the ledger's newest checkpoint: a C2SP tlog-checkpoint (origin, tree size, base64 root) as a"
                + " signed note.",
        footer = {ExitCodes.EXAMPLE,
                "  assay ledger checkpoint --data-dir ./assay-data --out checkpoint.txt",
                "  assay ledger checkpoint --verifier-key",
                ExitCodes.HELP,
                "  0   printed",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class CheckpointCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--verifier-key", description = "Print the C2SP verifier key (origin+hash+base64) instead")
    boolean verifierKey;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of stdout")
    java.nio.file.Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        CliContext ctx = CliContext.of(spec);
        try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
            ProofFiles.write(ctx, out, verifierKey ? core.ledger().checkpointKey().verifierKey() + "\n" : core.ledger().checkpoint());
        }
        return ExitCodes.OK;
    }
}
