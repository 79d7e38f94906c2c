package dev.assay.cli.fingerprint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.core.config.AssayConfig;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint build LOG... --out SIG}: the signature of one model's responses. */
@Command(name = "build", description = "Build the behavioural signature of one model from its response logs (JSONL: model, prompt_id, prompt, response).",
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint build gpt-4o.jsonl --out gpt-4o.asfp",
                "  assay fingerprint build day1.jsonl day2.jsonl --model my-model --dim 8192 --out my-model.asfp",
                ExitCodes.HELP,
                "  0   built and written",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class BuildCommand implements Callable<Integer> {
    @Parameters(paramLabel = "LOG", arity = "1..*", description = "Response logs (JSON lines; .gz is read too)")
    List<Path> logs;

    @Option(names = "--out", paramLabel = "SIG", required = true, description = "Where to write the signature")
    Path out;

    @Option(names = "--model", paramLabel = "ID", description = "The model id (default: the logs' model field, which must name one model)")
    String model;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "" + Signature.DEFAULT_SAMPLE_LIMIT,
            description = "Encoded responses the signature keeps for tests that need individual responses (0 to " + Signature.MAX_SAMPLE_LIMIT + ")")
    int sample;

    @Mixin
    LogOptions logOptions;

    @Mixin
    AuditOptions audit;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        AssayConfig settings = audit.load(ctx);
        EncoderConfig config = logOptions.config();
        Signature.builder(config, "").sampleLimit(sample); // refuses a bad --sample before any work
        ResponseEncoder encoder = new ResponseEncoder(config);
        List<Response> all = new ArrayList<>();
        List<Signature.Source> sources = new ArrayList<>();
        for (Path log : logs) {
            List<Response> rs = logOptions.read(log, ctx.err());
            if (rs.isEmpty()) throw new InvalidInputException("response log " + log + " holds no response");
            all.addAll(rs);
            sources.add(new Signature.Source(log.getFileName().toString(), Hashing.sha256Hex(log), rs.size()));
        }
        String id = model != null ? model : LogOptions.modelOf(all, logs.size() == 1 ? logs.get(0) : Path.of("the logs"));
        Signature.Builder builder = Signature.builder(config, id).sampleLimit(sample);
        sources.forEach(builder::source);
        for (EncodedResponse e : encoder.encodeAll(all, progress.progress(ctx))) builder.add(e);
        Signature sig = builder.build();
        sig.write(out);
        PrintWriter o = ctx.out();
        o.printf("built %s: %d responses to %d probes, dimension %d%n", id.isEmpty() ? "(unnamed model)" : id,
                sig.responses(), sig.probes().size(), config.dimension());
        o.println("digest      " + sig.digest());
        o.println("merkle root " + sig.merkleRoot());
        o.println("probe set   " + sig.probeSetId());
        o.println("written to  " + out);
        o.flush();
        audit.record(ctx, settings, "fingerprint.build", id, summary(sig, out));
        return ExitCodes.OK;
    }

    /** The ledger payload of a signature written to {@code file}: its record plus the file. */
    static ObjectNode summary(Signature sig, Path file) {
        ObjectNode n = FingerprintRecords.build(sig);
        n.put("file", file.toString());
        return n;
    }
}
