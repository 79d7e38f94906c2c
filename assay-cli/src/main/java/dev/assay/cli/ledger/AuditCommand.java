package dev.assay.cli.ledger;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.tlog.Checkpoint;
import dev.assay.core.tlog.proof.LogAudit;
import dev.assay.core.tlog.proof.TrustedLog;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code assay ledger audit}: accepts the log's newest checkpoint only if it extends the one accepted
 * before (kept in the state directory), and remembers it; trusts on first use when there is none.
 */
@Command(name = "audit",
        description = "Check that the ledger only grew since the last audit: verify the newest checkpoint's signature and"
                + " origin and a consistency proof from the checkpoint remembered in --state, then remember the new one."
                + " The first run trusts the log on first use and says so.",
        footer = {ExitCodes.EXAMPLE,
                "  assay ledger audit --state ./audit --data-dir ./assay-data",
                "  assay ledger audit --state ./audit --public-key ledger-ed25519.pub \\",
                "      --checkpoint https://assay.example.com/api/v1/ledger/checkpoint --token $VIEWER_TOKEN",
                "  assay ledger audit --state ./audit --checkpoint received-checkpoint.txt --data-dir ./assay-data",
                ExitCodes.HELP,
                "  0   accepted: the old and new tree sizes (or trusted on first use)",
                "  1   REFUSED: a rewound or forked log, or a checkpoint of another log or key; the state is left as it was",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class AuditCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions config;

    @Option(names = "--state", paramLabel = "DIR", required = true,
            description = "Directory holding the last accepted checkpoint and the trusted key (created on first use)")
    Path state;

    @Option(names = "--checkpoint", paramLabel = "FILE|URL",
            description = "The checkpoint to audit (default: the data directory's newest). A URL (http:// or https://, the"
                    + " service's /api/v1/ledger/checkpoint or its base address) audits that service, with consistency"
                    + " proofs from it; a FILE holds a signed checkpoint, proved consistent by the data directory's ledger")
    String checkpoint;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token (viewer) for a --checkpoint URL; default: env ASSAY_TOKEN")
    String token;

    @Option(names = "--public-key", paramLabel = "PEM", description = "Trust the ledger key in this PEM file")
    Path publicKey;

    @Option(names = "--verifier-key", paramLabel = "TEXT", description = "Trust this C2SP verifier key")
    String verifierKey;

    @Mixin
    WitnessOptions witnessing;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        TrustedLog given = ProofFiles.trusted(publicKey, verifierKey);
        witnessing.keys();
        boolean remote = checkpoint != null && (checkpoint.startsWith("http://") || checkpoint.startsWith("https://"));
        if (token != null && !remote) throw new InvalidInputException("--token goes with a --checkpoint URL");
        String fileNote = checkpoint == null || remote ? null : signedCheckpoint(Path.of(checkpoint));
        Optional<AuditState> saved = AuditState.load(state);
        TrustedLog remembered = null;
        Checkpoint last = null;
        if (saved.isPresent()) {
            try {
                remembered = TrustedLog.ofVerifierKey(saved.get().verifierKey());
                last = remembered.open(saved.get().checkpoint());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("audit state " + state.resolve(AuditState.FILE) + " is corrupt: " + e.getMessage(), e);
            }
            if (given != null && !given.verifierKey().equals(remembered.verifierKey()))
                return refused(ctx, "the key given (" + given.verifierKey() + ") is not the key " + state + " trusts ("
                        + remembered.verifierKey() + "): a checkpoint of another log or key");
        }
        if (remote) {
            String bearer = token != null ? token : ctx.env().get("ASSAY_TOKEN");
            return audit(ctx, HttpLogSource.ofCheckpointUrl(checkpoint, bearer, witnessing.required()), given, remembered, last);
        }
        try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
            return audit(ctx, new LogSource.Local(core.ledger(), fileNote), given, remembered, last);
        }
    }

    private int audit(CliContext ctx, LogSource source, TrustedLog given, TrustedLog remembered, Checkpoint last) throws IOException {
        boolean keyFromSource = remembered == null && given == null;
        TrustedLog log = remembered != null ? remembered : given != null ? given : TrustedLog.ofVerifierKey(source.verifierKey());
        String note = source.checkpoint();
        String cosigners;
        try {
            cosigners = witnessing.check(note, log);
        } catch (InvalidInputException e) {
            return refused(ctx, e.getMessage());
        }
        return switch (LogAudit.step(log, last, note, source::consistency)) {
            case LogAudit.Outcome.Refused r -> refused(ctx, r.reason());
            case LogAudit.Outcome.FirstUse f -> {
                new AuditState(log.verifierKey(), note).save(state);
                ctx.out().println("trusted on first use: log " + log.origin() + " at " + f.now().size() + " entries (root "
                        + java.util.Base64.getEncoder().encodeToString(f.now().root()) + ")" + (keyFromSource
                        ? "; its key " + log.verifierKey() + " was taken from the log itself: check it out of band, or pin it with --public-key or --verifier-key"
                        : "") + cosigners);
                ctx.out().flush();
                yield ExitCodes.OK;
            }
            case LogAudit.Outcome.Accepted a -> {
                new AuditState(log.verifierKey(), note).save(state);
                ctx.out().println("accepted: " + a.last().size() + " -> " + a.now().size() + " entries, log " + log.origin() + cosigners);
                ctx.out().flush();
                yield ExitCodes.OK;
            }
        };
    }

    /** The text of a checkpoint file, which must at least be shaped as a signed checkpoint (bad input otherwise). */
    private static String signedCheckpoint(Path file) {
        String note = ProofFiles.read(file, "checkpoint");
        int blank = note.indexOf("\n\n");
        try {
            if (blank < 0) throw new InvalidInputException("it has no blank line before its signatures");
            Checkpoint.parse(note.substring(0, blank + 1));
        } catch (InvalidInputException e) {
            throw new InvalidInputException("checkpoint " + file + " is not a signed checkpoint: " + e.getMessage(), e);
        }
        return note;
    }

    private static int refused(CliContext ctx, String reason) {
        ctx.out().println("REFUSED: " + reason);
        ctx.out().flush();
        return ExitCodes.CHECK_FAILED;
    }
}
