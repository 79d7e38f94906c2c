package dev.assay.cli.fingerprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.config.AssayConfig;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.identify.Identifier;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint identify --reference ... --candidate LOG}: which model, or none. */
@Command(name = "identify", description = {"Which reference model produced the candidate's responses? The closest reference by the cosine of mean",
        "text hypervectors, named only if it scores at least the alpha-quantile of its own responses' scores (open set: otherwise none).",
        "The last line of standard output is the model id or 'none'."},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint identify --reference a.asfp --reference b.asfp --reference c.jsonl --candidate unknown.jsonl",
                ExitCodes.HELP,
                "  0   a model is named",
                "  1   none of the references",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class IdentifyCommand implements Callable<Integer> {
    @Option(names = "--reference", paramLabel = "SIG|LOG", required = true,
            description = "A reference model: a signature, or a response log (named by its records' model field); repeatable")
    List<Path> references;

    @Option(names = "--candidate", paramLabel = "LOG", required = true, description = "The candidate's response log")
    Path candidate;

    @Option(names = "--alpha", defaultValue = "" + Identifier.Config.DEFAULT_ALPHA,
            description = "Open-set level: how often a known model's responses are called none (0 turns the check off)")
    double alpha;

    @Option(names = "--json", description = "Print the result as JSON (the last line is still the model id or none)")
    boolean json;

    @Mixin
    LogOptions logOptions;

    @Mixin
    AuditOptions audit;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        CliContext ctx = CliContext.of(spec);
        AssayConfig settings = audit.load(ctx);
        Identifier.Config idConfig = new Identifier.Config(alpha, Identifier.Config.DEFAULT_DRAWS, Identifier.Config.DEFAULT_SEED);
        var prog = progress.progress(ctx);
        EncoderConfig config = null;
        for (Path p : references) {
            if (Signature.looksLikeSignature(p)) {
                config = Signature.read(p).config();
                break;
            }
        }
        if (config == null) config = logOptions.config();
        List<Signature> refs = new ArrayList<>();
        for (Path p : references) refs.add(logOptions.reference(p, config, ctx.err(), prog));
        List<EncodedResponse> cand = logOptions.encode(candidate, config, ctx.err(), prog);
        Identifier.Identification id = new Identifier(refs, idConfig).identify(cand);
        ObjectNode payload = FingerprintRecords.identify(id, refs, alpha, candidate.toString());
        PrintWriter out = ctx.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(payload));
        } else {
            for (Identifier.Score s : id.scores()) out.printf(Locale.ROOT, "  %.4f  %s%n", s.score(), s.model());
            out.println("  " + id.reason());
        }
        out.println(id.named() ? id.model() : "none");
        out.flush();
        audit.record(ctx, settings, "fingerprint.identify", id.named() ? id.model() : "none", payload);
        return id.named() ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
