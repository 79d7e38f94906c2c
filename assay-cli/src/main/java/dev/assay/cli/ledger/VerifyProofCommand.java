package dev.assay.cli.ledger;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.proof.ConsistencyProof;
import dev.assay.core.tlog.proof.InclusionProof;
import dev.assay.core.tlog.proof.ProofDocument;
import dev.assay.core.tlog.proof.TrustedLog;
import dev.assay.core.tlog.proof.Verdict;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay ledger verify-proof}: checks a proof document offline with the ledger's public key alone. */
@Command(name = "verify-proof",
        description = "Verify an inclusion or consistency proof with the ledger's public key alone, offline: the checkpoints'"
                + " signatures and origin, the entry's hash and signature, and the Merkle proof; with --witness, also that"
                + " enough witnesses cosigned its checkpoint (make such proofs with prove-inclusion/prove-consistency --cosigned).",
        footer = {ExitCodes.EXAMPLE,
                "  assay ledger verify-proof entry-42.proof.json --public-key ledger-ed25519.pub",
                "  assay ledger verify-proof since-100.proof.json \\",
                "      --verifier-key 'assay.ledger/0123456789abcdef+1a2b3c4d+AQ...'",
                "  assay ledger verify-proof entry-42.proof.json --public-key ledger-ed25519.pub \\",
                "      --witness \"$(cat w1.vkey)\" --witness \"$(cat w2.vkey)\" --min-witnesses 1",
                ExitCodes.HELP,
                "  0   valid: what the proof proves",
                "  1   INVALID: the reason, on one line",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class VerifyProofCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROOF", description = "The proof document (JSON)")
    Path proof;

    @Option(names = "--public-key", paramLabel = "PEM", description = "Trust the ledger key in this PEM file")
    Path publicKey;

    @Option(names = "--verifier-key", paramLabel = "TEXT",
            description = "Trust this C2SP verifier key (as assay ledger checkpoint --verifier-key prints it)")
    String verifierKey;

    @picocli.CommandLine.Mixin
    WitnessOptions witnessing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        ProofDocument document;
        try {
            document = ProofDocument.parse(ProofFiles.read(proof, "proof file"));
        } catch (InvalidInputException e) {
            throw e.getMessage().contains(proof.toString()) ? e : new InvalidInputException(proof + ": " + e.getMessage(), e);
        }
        TrustedLog log = ProofFiles.trusted(publicKey, verifierKey);
        if (log == null) throw new InvalidInputException("give the key to trust: --public-key PEM or --verifier-key TEXT");
        witnessing.keys();
        return switch (log.verify(document)) {
            case Verdict.Valid v -> {
                String cosigners;
                try {
                    cosigners = witnessing.check(switch (document) {
                        case InclusionProof p -> p.checkpoint();
                        case ConsistencyProof p -> p.newCheckpoint();
                    }, log);
                } catch (InvalidInputException e) {
                    ctx.out().println("INVALID: " + e.getMessage());
                    ctx.out().flush();
                    yield ExitCodes.CHECK_FAILED;
                }
                ctx.out().println("valid: " + v.proved() + cosigners);
                ctx.out().flush();
                yield ExitCodes.OK;
            }
            case Verdict.Invalid i -> {
                ctx.out().println("INVALID: " + i.reason());
                ctx.out().flush();
                yield ExitCodes.CHECK_FAILED;
            }
        };
    }
}
