package dev.assay.cli.fingerprint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.AtomicFiles;
import dev.assay.core.config.AssayConfig;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.fingerprint.export.EdgePackage;
import dev.assay.fingerprint.export.ExportConfig;
import dev.assay.fingerprint.export.Level;
import dev.assay.fingerprint.export.PackageSigner;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint export SIG --level L --out PKG}: a signed, compact package for edge devices. */
@Command(name = "export", description = {"Export a signature as a compact edge package (deflated, SHA-256, signed with this Assay's ledger key):",
        "minimal <= 1 KB, balanced <= 10 KB, full <= 100 KB, each with accept thresholds calibrated on the signature's sampled responses.",
        "Devices check it with the ledger's public key (ledger-ed25519.pub in the data directory)."},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint export model.asfp --level balanced --out model.aedg",
                ExitCodes.HELP,
                "  0   exported",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class ExportCommand implements Callable<Integer> {
    enum LevelName { minimal, balanced, full }

    @Parameters(paramLabel = "SIG", description = "The signature to export")
    Path signature;

    @Option(names = "--level", defaultValue = "balanced", description = "minimal, balanced or full")
    LevelName level;

    @Option(names = "--out", paramLabel = "PKG", required = true, description = "Where to write the package")
    Path out;

    @Mixin
    AuditOptions audit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        AssayConfig settings = audit.load(ctx);
        Signature sig = Signature.read(signature);
        LedgerKeys keys = LedgerKeys.loadOrCreate(settings.dataDir());
        byte[] publicKey = keys.noteKey("assay").publicKey();
        PackageSigner signer = new PackageSigner() {
            @Override
            public byte[] publicKey() {
                return publicKey.clone();
            }

            @Override
            public byte[] sign(byte[] message) {
                return Base64.getDecoder().decode(keys.sign(message));
            }
        };
        Level l = Level.valueOf(level.name().toUpperCase(java.util.Locale.ROOT));
        EdgePackage pkg = EdgePackage.export(sig, l, ExportConfig.DEFAULT, signer);
        AtomicFiles.replace(out, pkg.bytes());
        var o = ctx.out();
        o.printf("exported %s at level %s: %d bytes (budget %d), key id %s%n", sig.modelId().isEmpty() ? "(unnamed model)" : sig.modelId(),
                level, pkg.size(), l.budget(), pkg.keyId());
        o.println("check it with " + settings.dataDir().resolve(LedgerKeys.PUBLIC_FILE));
        o.println("written to " + out);
        o.flush();
        ObjectNode payload = FingerprintRecords.build(sig);
        payload.put("level", level.name());
        payload.put("packageBytes", pkg.size());
        payload.put("packageSha256", dev.assay.core.Hashing.sha256Hex(pkg.bytes()));
        payload.put("keyId", pkg.keyId());
        payload.put("file", out.toString());
        audit.record(ctx, settings, "fingerprint.export", sig.modelId(), payload);
        return ExitCodes.OK;
    }
}
