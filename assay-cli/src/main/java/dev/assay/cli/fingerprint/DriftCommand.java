package dev.assay.cli.fingerprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.core.config.AssayConfig;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.drift.DriftReplay;
import dev.assay.fingerprint.drift.DriftState;
import dev.assay.fingerprint.drift.DriftVerdict;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint drift --reference SIG|LOG --candidate LOG}: has the model drifted, and how? */
@Command(name = "drift", description = {"Replays the candidate's responses in log order against the reference: each response's novelty",
        "(1 - cosine to the reference's mean text vector) feeds a windowed CUSUM whose threshold is calibrated on the reference's",
        "own responses to an expected run length between false alarms; a drift is typed SUDDEN, GRADUAL, PERIODIC, CONCEPT or ADVERSARIAL",
        "from the evidence at the end of the replay."},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint drift --reference model.asfp --candidate last-24h.jsonl --window 50",
                ExitCodes.HELP,
                "  0   no drift",
                "  1   drift: an alarm was raised",
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class DriftCommand implements Callable<Integer> {
    @Option(names = "--reference", paramLabel = "SIG|LOG", required = true, description = "The reference: a signature or a response log")
    Path reference;

    @Option(names = "--candidate", paramLabel = "LOG", required = true, description = "The live responses, in the order they came")
    Path candidate;

    @Option(names = "--window", defaultValue = "" + DriftConfig.DEFAULT_WINDOW, description = "Longest run of responses the statistic sums")
    int window;

    @Option(names = "--arl", defaultValue = "" + DriftConfig.DEFAULT_EXPECTED_RUN_LENGTH,
            description = "Expected run length between false alarms, in responses")
    double arl;

    @Option(names = "--json", description = "Print the result as JSON")
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
        DriftConfig config = new DriftConfig(window, arl, DriftConfig.DEFAULT_SEED, DriftConfig.DEFAULT_SHIFT, DriftConfig.DEFAULT_CALIBRATION_STREAMS);
        var prog = progress.progress(ctx);
        Signature ref = logOptions.reference(reference, ctx.err(), prog);
        List<Response> responses = logOptions.read(candidate, ctx.err());
        if (responses.isEmpty()) throw new InvalidInputException("response log " + candidate + " holds no response");
        List<EncodedResponse> encoded = new ResponseEncoder(ref.config()).encodeAll(responses, prog);
        List<String> inputs = responses.stream().map(r -> r.prompt() == null ? "" : r.prompt()).toList();
        DriftReplay.Result result = DriftReplay.replay(ref, encoded, inputs, config, ctx.clock().instant());
        ObjectNode payload = FingerprintRecords.drift(result, ref, candidate.toString());
        DriftState first = result.firstAlarm();
        DriftVerdict verdict = result.verdict();
        PrintWriter out = ctx.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(payload));
        } else if (first == null) {
            out.printf(Locale.ROOT, "NO DRIFT  %d responses; CUSUM peaked at %.3f, threshold %.3f (expected run length %.0f)%n",
                    result.responses(), result.maxStatistic(), result.threshold(), arl);
        } else {
            out.printf(Locale.ROOT, "DRIFT %s (confidence %.2f)  alarm at response %d, change from response %d; %d responses alarmed%n",
                    verdict.type(), verdict.confidence(), first.index() + 1, first.runStart() + 1, result.alarmedResponses());
            out.println("  " + verdict.reason());
        }
        out.flush();
        audit.record(ctx, settings, "fingerprint.drift", ref.modelId(), payload);
        return first == null ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
