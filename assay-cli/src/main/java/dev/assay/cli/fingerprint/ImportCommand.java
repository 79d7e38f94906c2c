package dev.assay.cli.fingerprint;

import dev.assay.cli.CliContext;
import dev.assay.cli.ConfigOptions;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.export.Calibration;
import dev.assay.fingerprint.export.EdgeDecision;
import dev.assay.fingerprint.export.EdgePackage;
import dev.assay.fingerprint.export.EdgeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint import PKG [--candidate LOG]}: check an edge package and, optionally, score responses with it. */
@Command(name = "import", description = {"Check an edge package (magic, version, level budget, SHA-256, Ed25519 signature) and show what it holds;",
        "with --candidate, score those responses against it as a device would: MATCH or NO_MATCH at its calibrated threshold."},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint import model.aedg --public-key ledger-ed25519.pub --candidate today.jsonl",
                ExitCodes.HELP,
                "  0   the package verifies (and, with --candidate, MATCH)",
                "  1   with --candidate: NO_MATCH",
                ExitCodes.HELP_USAGE + " (a tampered or truncated package is named here)",
                ExitCodes.HELP_INTERNAL})
public final class ImportCommand implements Callable<Integer> {
    @Parameters(paramLabel = "PKG", description = "The edge package")
    Path pkg;

    @Option(names = "--public-key", paramLabel = "PEM", description = "The signer's Ed25519 public key (default: this data directory's ledger key)")
    Path publicKey;

    @Option(names = "--candidate", paramLabel = "LOG", description = "Responses to score against the package")
    Path candidate;

    @Mixin
    LogOptions logOptions;

    @Mixin
    ConfigOptions config;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        AssayConfig settings = config.load(ctx);
        Path keyFile = publicKey != null ? publicKey : settings.dataDir().resolve(LedgerKeys.PUBLIC_FILE);
        if (publicKey == null && !Files.exists(keyFile)) {
            throw new InvalidInputException("no --public-key given and no ledger key at " + keyFile);
        }
        PublicKey key = LedgerKeys.readPublicKey(keyFile);
        EdgePackage p;
        try (InputStream in = Files.newInputStream(pkg)) {
            p = EdgePackage.read(in, key);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("edge package " + pkg + " does not exist");
        } catch (InvalidInputException e) {
            throw new InvalidInputException(pkg + ": " + e.getMessage());
        }
        EdgeReference ref = p.reference();
        PrintWriter out = ctx.out();
        out.printf(Locale.ROOT, "%s: a %s package of %s, %d bytes, signed by key %s%n", pkg, p.level().name().toLowerCase(Locale.ROOT),
                ref.modelId().isEmpty() ? "(unnamed model)" : ref.modelId(), p.size(), p.keyId());
        out.printf(Locale.ROOT, "  signature digest %s, merkle root %s%n", ref.signatureDigest(), ref.merkleRoot());
        out.printf(Locale.ROOT, "  %d responses to %d probes; vectors of %d bits (encoder %d), %d probes and %d sampled responses kept%n",
                ref.responses(), ref.signatureProbes(), ref.dimension(), ref.encoderConfig().dimension(), ref.probes().size(), ref.sample().size());
        for (Calibration c : ref.calibrations()) out.printf(Locale.ROOT, "  accept threshold %.4f for %d or more responses%n", c.threshold(), c.k());
        if (candidate == null) {
            out.flush();
            return ExitCodes.OK;
        }
        List<EncodedResponse> cand = logOptions.encode(candidate, ref.encoderConfig(), ctx.err(), progress.progress(ctx));
        EdgeDecision d = ref.decide(cand);
        out.printf(Locale.ROOT, "%s  score %.4f, threshold %.4f (calibrated for %d responses), %d responses%n", d.outcome(), d.score(),
                d.threshold(), d.calibratedK(), d.responses());
        out.flush();
        return d.matches() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
