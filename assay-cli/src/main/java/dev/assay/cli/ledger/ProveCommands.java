package dev.assay.cli.ledger;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.core.tlog.proof.Proofs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay ledger prove-inclusion|prove-consistency}: proof documents an auditor verifies with the public key alone. */
final class ProveCommands {
    private ProveCommands() {}

    /** Writes the inclusion proof of one entry. */
    @Command(name = "prove-inclusion",
            description = "Write a proof that entry SEQ is in the ledger's tree: a signed checkpoint, the entry, its leaf hash"
                    + " and the Merkle path (JSON, format assay-inclusion-proof/v1).",
            footer = {ExitCodes.EXAMPLE,
                    "  assay ledger prove-inclusion --seq 42 --out entry-42.proof.json",
                    "  assay ledger verify-proof entry-42.proof.json --public-key ledger-ed25519.pub",
                    ExitCodes.HELP,
                    "  0   written",
                    "  2   bad usage or input (a seq or size beyond the ledger): one line on stderr says what",
                    ExitCodes.HELP_INTERNAL})
    public static final class Inclusion implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--seq", paramLabel = "SEQ", required = true, description = "The entry to prove")
        long seq;

        @Option(names = "--size", paramLabel = "SIZE",
                description = "Prove it in the checkpoint of the first SIZE entries (default: the newest checkpoint)")
        Long size;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout")
        Path out;

        @Option(names = "--cosigned", description = "Prove it in the newest checkpoint witnesses cosigned, carried with their"
                + " cosignatures (see assay serve --witness)")
        boolean cosigned;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CliContext ctx = CliContext.of(spec);
            if (cosigned && size != null) throw new InvalidInputException("give --size or --cosigned, not both");
            try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
                var proof = cosigned ? Proofs.inclusion(core.ledger(), seq, cosignedCheckpoint(core))
                        : size == null ? Proofs.inclusion(core.ledger(), seq) : Proofs.inclusion(core.ledger(), seq, size);
                ProofFiles.write(ctx, out, proof.toJson());
            }
            return ExitCodes.OK;
        }
    }

    /** Writes the consistency proof of two tree sizes. */
    @Command(name = "prove-consistency",
            description = "Write a proof that the ledger's first FROM entries are unchanged in its tree of TO entries: both"
                    + " signed checkpoints and the RFC 9162 consistency proof (JSON, format assay-consistency-proof/v1).",
            footer = {ExitCodes.EXAMPLE,
                    "  assay ledger prove-consistency --from 100 --out since-100.proof.json",
                    ExitCodes.HELP,
                    "  0   written",
                    "  2   bad usage or input (a size beyond the ledger, FROM above TO): one line on stderr says what",
                    ExitCodes.HELP_INTERNAL})
    public static final class Consistency implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--from", paramLabel = "FROM", required = true, description = "The old tree size (at least 1)")
        long from;

        @Option(names = "--to", paramLabel = "TO", description = "The new tree size (default: the newest checkpoint's)")
        Long to;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout")
        Path out;

        @Option(names = "--cosigned", description = "Prove it up to the newest checkpoint witnesses cosigned, carried with their"
                + " cosignatures (see assay serve --witness)")
        boolean cosigned;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CliContext ctx = CliContext.of(spec);
            if (cosigned && to != null) throw new InvalidInputException("give --to or --cosigned, not both");
            try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
                var proof = cosigned ? Proofs.consistency(core.ledger(), from, cosignedCheckpoint(core))
                        : to == null ? Proofs.consistency(core.ledger(), from) : Proofs.consistency(core.ledger(), from, to);
                ProofFiles.write(ctx, out, proof.toJson());
            }
            return ExitCodes.OK;
        }
    }

    /** The newest checkpoint witnesses cosigned for the data directory's ledger. */
    static String cosignedCheckpoint(CoreServices core) {
        return dev.assay.core.ledger.LedgerWitnesses.newestCosigned(core.store()).orElseThrow(() -> new dev.assay.core.NotFoundException(
                "no witness has cosigned a checkpoint of this ledger yet (assay serve --witness VKEY=URL collects cosignatures)"));
    }
}
