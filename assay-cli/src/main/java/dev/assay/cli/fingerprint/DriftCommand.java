package dev.assay.cli.fingerprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.core.JsonNumbers;
import dev.assay.core.config.AssayConfig;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.drift.DriftDetector;
import dev.assay.fingerprint.drift.DriftState;
import dev.assay.fingerprint.drift.DriftVerdict;
import dev.assay.fingerprint.drift.ReferenceNovelty;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        ReferenceNovelty novelty = new ReferenceNovelty(ref);
        double[] calibration = novelty.calibrationScores();
        if (calibration.length < DriftDetector.MIN_CALIBRATION_SCORES) {
            throw new InvalidInputException("the reference samples " + calibration.length + " responses; drift calibration needs at least "
                    + DriftDetector.MIN_CALIBRATION_SCORES);
        }
        DriftDetector detector = DriftDetector.calibrate(calibration, config);
        List<Response> responses = logOptions.read(candidate, ctx.err());
        if (responses.isEmpty()) throw new InvalidInputException("response log " + candidate + " holds no response");
        List<EncodedResponse> encoded = new ResponseEncoder(ref.config()).encodeAll(responses, prog);
        Instant now = ctx.clock().instant();
        DriftState first = null;
        DriftState last = null;
        long alarms = 0;
        double maxStat = 0;
        for (int i = 0; i < encoded.size(); i++) {
            Response r = responses.get(i);
            DriftState s = detector.observe(novelty.score(encoded.get(i)), now, r.prompt() == null ? "" : r.prompt());
            if (s.alarm()) {
                alarms++;
                if (first == null) first = s;
            }
            maxStat = Math.max(maxStat, s.statistic());
            last = s;
        }
        ObjectNode payload = new ObjectMapper().createObjectNode();
        payload.put("drift", first != null);
        payload.put("reference", ref.modelId());
        payload.put("referenceDigest", ref.digest());
        payload.put("candidate", candidate.toString());
        payload.put("responses", encoded.size());
        payload.put("window", window);
        payload.put("expectedRunLength", arl);
        JsonNumbers.put(payload, "threshold", last.threshold());
        JsonNumbers.put(payload, "maxStatistic", maxStat);
        payload.put("alarmedResponses", alarms);
        payload.put("calibrationScores", calibration.length);
        payload.put("seed", config.seed());
        DriftVerdict verdict = null;
        if (first != null) {
            // typed from all the evidence the replay gathered, not only the few responses before the first alarm
            verdict = detector.classify();
            payload.put("firstAlarmAt", first.index());
            payload.put("changeStartsAt", first.runStart());
            payload.put("type", verdict.type().name());
            JsonNumbers.put(payload, "confidence", verdict.confidence());
            payload.put("reason", verdict.reason());
            ObjectNode ev = payload.putObject("evidence");
            for (Map.Entry<String, Double> e : verdict.evidence().entrySet()) JsonNumbers.put(ev, e.getKey(), e.getValue());
        }
        PrintWriter out = ctx.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(payload));
        } else if (first == null) {
            out.printf(Locale.ROOT, "NO DRIFT  %d responses; CUSUM peaked at %.3f, threshold %.3f (expected run length %.0f)%n",
                    encoded.size(), maxStat, last.threshold(), arl);
        } else {
            out.printf(Locale.ROOT, "DRIFT %s (confidence %.2f)  alarm at response %d, change from response %d; %d responses alarmed%n",
                    verdict.type(), verdict.confidence(), first.index() + 1, first.runStart() + 1, alarms);
            out.println("  " + verdict.reason());
        }
        out.flush();
        audit.record(ctx, settings, "fingerprint.drift", ref.modelId(), payload);
        return first == null ? ExitCodes.OK : ExitCodes.CHECK_FAILED;
    }
}
