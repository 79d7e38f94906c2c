package dev.assay.cli.ledger;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.tlog.proof.ProofDocument;
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

    /** What both prove commands share: where the proof goes, and the checkpoint it is made against. */
    static final class Target {
        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout")
        Path out;

        @Option(names = "--cosigned", description = "Prove it against the newest checkpoint witnesses cosigned, carried with"
                + " their cosignatures (see assay serve --witness)")
        boolean cosigned;

        /**
         * Opens the data directory's ledger and writes the proof {@code newest} (the newest checkpoint),
         * {@code atSize} (the size given as {@code sizeOption}) or {@code cosignedProof} (with --cosigned) makes.
         */
        int write(CliContext ctx, ConfigOptions config, Long size, String sizeOption,
                  java.util.function.Function<Ledger, ProofDocument> newest,
                  java.util.function.BiFunction<Ledger, Long, ProofDocument> atSize,
                  java.util.function.BiFunction<Ledger, String, ProofDocument> cosignedProof) throws IOException {
            if (cosigned && size != null) throw new InvalidInputException("give " + sizeOption + " or --cosigned, not both");
            try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
                Ledger ledger = core.ledger();
                ProofDocument proof = cosigned ? cosignedProof.apply(ledger, cosignedCheckpoint(core))
                        : size == null ? newest.apply(ledger) : atSize.apply(ledger, size);
                ProofFiles.write(ctx, out, proof.toJson());
            }
            return ExitCodes.OK;
        }
    }

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

        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return target.write(CliContext.of(spec), config, size, "--size", l -> Proofs.inclusion(l, seq),
                    (l, n) -> Proofs.inclusion(l, seq, n), (l, note) -> Proofs.inclusion(l, seq, note));
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

        @Mixin
        Target target;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            return target.write(CliContext.of(spec), config, to, "--to", l -> Proofs.consistency(l, from),
                    (l, n) -> Proofs.consistency(l, from, n), (l, note) -> Proofs.consistency(l, from, note));
        }
    }

    /** The newest checkpoint witnesses cosigned for the data directory's ledger. */
    static String cosignedCheckpoint(CoreServices core) {
        return dev.assay.core.ledger.LedgerWitnesses.newestCosigned(core.store()).orElseThrow(() -> new dev.assay.core.NotFoundException(
                "no witness has cosigned a checkpoint of this ledger yet (assay serve --witness VKEY=URL collects cosignatures)"));
    }
}
