package dev.assay.cli.fingerprint;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.core.config.AssayConfig;
import dev.assay.fingerprint.signature.Signature;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint merge SIG... --out SIG}: the signature of the union. */
@Command(name = "merge", description = {"Merge signatures of one model (built on different days, machines or shards): the result is exactly",
        "the signature of all their responses. Signatures of different encoder configurations or different models are refused."},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint merge shard-1.asfp shard-2.asfp --out model.asfp",
                ExitCodes.HELP,
                "  0   merged and written",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class MergeCommand implements Callable<Integer> {
    @Parameters(paramLabel = "SIG", arity = "1..*", description = "Signatures to merge")
    List<Path> signatures;

    @Option(names = "--out", paramLabel = "SIG", required = true, description = "Where to write the merged signature")
    Path out;

    @Mixin
    AuditOptions audit;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        AssayConfig settings = audit.load(ctx);
        Signature merged = null;
        for (Path p : signatures) {
            Signature s = Signature.read(p);
            merged = merged == null ? s : merged.merge(s);
        }
        merged.write(out);
        ctx.out().printf("merged %d signatures: %d responses to %d probes%n", signatures.size(), merged.responses(), merged.probes().size());
        ctx.out().println("digest      " + merged.digest());
        ctx.out().println("merkle root " + merged.merkleRoot());
        ctx.out().println("written to  " + out);
        ctx.out().flush();
        var payload = BuildCommand.summary(merged, out);
        var inputs = payload.putArray("merged");
        for (Path p : signatures) inputs.add(p.toString());
        audit.record(ctx, settings, "fingerprint.merge", merged.modelId(), payload);
        return ExitCodes.OK;
    }
}
