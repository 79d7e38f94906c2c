package dev.assay.cli.ledger;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.CoreServices;
import dev.assay.cli.ExitCodes;
import dev.assay.core.InvalidInputException;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.VerifyMode;
import dev.assay.core.ledger.VerifyReport;
import dev.assay.core.store.Store;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code assay ledger ...}: check the ledger's chain and signatures, export it for an auditor, and its
 * transparency log: checkpoints, inclusion and consistency proofs, their offline verification, audits.
 */
@Command(name = "ledger", description = "Verify, export or audit the tamper-evident ledger and prove what it holds.",
        subcommands = {LedgerCommand.Verify.class, LedgerCommand.Export.class, CheckpointCommand.class,
                ProveCommands.Inclusion.class, ProveCommands.Consistency.class, VerifyProofCommand.class, AuditCommand.class},
        footer = {ExitCodes.EXAMPLE,
                "  assay ledger verify --data-dir ./assay-data",
                "  assay ledger audit --state ./audit --checkpoint https://assay.example.com/api/v1/ledger/checkpoint",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                "  1   the ledger does not verify (ledger verify), a proof is invalid (verify-proof), the log is refused (audit)",
                "  2   no subcommand, or bad usage or input",
                ExitCodes.HELP_INTERNAL})
public final class LedgerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing subcommand: verify, export, checkpoint, prove-inclusion, prove-consistency,"
                + " verify-proof or audit");
    }

    /** Exit 0 when the ledger verifies, 1 with the first bad entry when it does not. */
    @Command(name = "verify", description = "Verify every hash, link and signature; exit 1 naming the first bad entry.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay ledger verify --data-dir ./assay-data",
                    "  assay ledger verify --export ledger.jsonl --public-key auditor.pem \\",
                    "      --mode CHECKPOINTS",
                    ExitCodes.HELP,
                    "  0   the ledger verifies: ok, with its head",
                    "  1   TAMPERED: the first bad entry and what is wrong with it",
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    public static final class Verify implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--mode", paramLabel = "MODE", defaultValue = "FULL",
                description = "FULL (every entry's signature) or CHECKPOINTS (every hash, link, key id and signature"
                        + " format, Ed25519 checks every 256th entry and at the head: every entry's content is authenticated,"
                        + " but a replaced signature on an intact entry between checkpoints is found only by FULL)")
        VerifyMode mode;

        @Option(names = "--public-key", paramLabel = "PEM", description = "Trust this public key instead of the data directory's")
        Path publicKey;

        @Option(names = "--export", paramLabel = "FILE", description = "Verify an export file instead of the store")
        Path export;

        @Spec
        CommandSpec spec;

        private Path trustedKeyFile(AssayConfig cfg) {
            if (publicKey != null) {
                if (!Files.isRegularFile(publicKey)) throw new InvalidInputException("public key file not found: " + publicKey);
                return publicKey;
            }
            Path inDataDir = cfg.dataDir().resolve(LedgerKeys.PUBLIC_FILE);
            if (!Files.isRegularFile(inDataDir))
                throw new InvalidInputException("no ledger public key in the data directory " + cfg.dataDir()
                        + ": pass --public-key FILE (the auditor's copy) or --data-dir DIR (where the ledger lives)");
            return inDataDir;
        }

        @Override
        public Integer call() throws IOException {
            CliContext ctx = CliContext.of(spec);
            VerifyReport report;
            AssayConfig cfg = config.load(ctx);
            LedgerKeys trusted = LedgerKeys.trusting(trustedKeyFile(cfg));
            if (export != null) {
                try (InputStream in = Files.newInputStream(export)) {
                    report = Ledger.verifyExport(in, trusted, mode);
                } catch (NoSuchFileException e) {
                    throw new InvalidInputException("export file not found: " + export);
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(export + ": " + e.getMessage(), e);
                }
            } else {
                // Read-only: the store is opened without the ledger, so checking never signs or writes.
                try (Store store = cfg.store().open()) {
                    report = Ledger.verifyStored(store, trusted, mode);
                }
            }
            if (report.valid()) {
                ctx.out().println("ok: " + report.detail() + " (head " + report.headSeq() + ", mode " + mode + ")");
                ctx.out().flush();
                return ExitCodes.OK;
            }
            ctx.out().println("TAMPERED at entry " + report.firstBadSeq() + ": " + report.problem() + ": " + report.detail());
            ctx.out().flush();
            return ExitCodes.CHECK_FAILED;
        }
    }

    /** Writes the auditor's export (JSON lines) to a file or stdout. */
    @Command(name = "export", description = "Export the ledger as JSON lines with its public key, signed head and checkpoint;"
            + " or, with --tiles, as the static files of a C2SP tlog-tiles log (checkpoint, tile/<L>/<N>, tile/entries/<N>)"
            + " that any client of those specs can audit without Assay.",
            footer = {ExitCodes.EXAMPLE,
                    "  assay ledger export --data-dir ./assay-data --out ledger.jsonl",
                    "  assay ledger export --data-dir ./assay-data --tiles /var/www/ledger-log",
                    ExitCodes.HELP,
                    ExitCodes.HELP_OK,
                    ExitCodes.HELP_USAGE,
                    ExitCodes.HELP_INTERNAL})
    public static final class Export implements Callable<Integer> {
        @Mixin
        ConfigOptions config;

        @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout")
        Path out;

        @Option(names = "--tiles", paramLabel = "DIR", description = "Write the tlog-tiles layout under DIR instead (created if"
                + " missing; full tiles already there are kept, the checkpoint is replaced last)")
        Path tiles;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            CliContext ctx = CliContext.of(spec);
            if (tiles != null && out != null) throw new InvalidInputException("give --out or --tiles, not both");
            try (CoreServices core = CoreServices.open(config.load(ctx), ctx.clock())) {
                if (tiles != null) {
                    long size = core.ledger().exportTiles(tiles);
                    ctx.err().println("assay: exported the tiles of " + size + " entries and their checkpoint to " + tiles);
                    ctx.err().flush();
                } else if (out == null) {
                    core.ledger().export(ctx.out());
                } else {
                    Path tmp = out.resolveSibling(out.getFileName() + ".partial");
                    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                        core.ledger().export(o);
                    }
                    Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    ctx.err().println("assay: exported " + core.ledger().headSeq() + " entries to " + out);
                    ctx.err().flush();
                }
            }
            return ExitCodes.OK;
        }
    }
}
