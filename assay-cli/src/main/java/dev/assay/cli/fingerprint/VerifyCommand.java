package dev.assay.cli.fingerprint;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.core.config.AssayConfig;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.record.FingerprintRecords;
import dev.assay.fingerprint.signature.Signature;
import dev.assay.fingerprint.verify.SequentialVerifier;
import dev.assay.fingerprint.verify.Verifier;
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

/** {@code assay fingerprint verify --reference SIG|LOG --candidate LOG}: same model or not. */
@Command(name = "verify", description = {"Are the candidate's responses from the same model as the reference's? A kernel two-sample permutation test:",
        "probe mode compares answers to the same prompts (exchanging responses only within a prompt), traffic mode answers to different prompts.",
        "SAME needs p >= alpha and an effect beyond --tolerance ruled out; DIFFERENT is p < alpha (the false-alarm rate)."},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint verify --reference model.asfp --candidate today.jsonl",
                "  assay fingerprint verify --reference last-week.jsonl --candidate live.jsonl --mode traffic --alpha 0.001 --json",
                ExitCodes.HELP,
                "  0   SAME",
                "  1   DIFFERENT",
                ExitCodes.HELP_USAGE,
                "  3   UNDECIDED: too few responses, or a difference beyond the tolerance is not ruled out",
                ExitCodes.HELP_INTERNAL})
public final class VerifyCommand implements Callable<Integer> {
    enum Mode { probe, traffic }

    @Option(names = "--reference", paramLabel = "SIG|LOG", required = true,
            description = "The reference: a signature (its sampled responses are used) or a response log")
    Path reference;

    @Option(names = "--candidate", paramLabel = "LOG", required = true, description = "The candidate's response log")
    Path candidate;

    @Option(names = "--mode", defaultValue = "probe", description = "probe (same prompts) or traffic (different prompts)")
    Mode mode;

    @Option(names = "--alpha", defaultValue = "" + Verifier.Config.DEFAULT_ALPHA, description = "False-alarm rate: DIFFERENT when p < alpha")
    double alpha;

    @Option(names = "--tolerance", defaultValue = "" + Verifier.Config.DEFAULT_TOLERANCE,
            description = "Largest effect (MMD^2 over the within-model spread) still called SAME")
    double tolerance;

    @Option(names = "--permutations", defaultValue = "" + Verifier.Config.DEFAULT_PERMUTATIONS, description = "Permutations of the test")
    int permutations;

    @Option(names = "--test-seed", defaultValue = "" + Verifier.Config.DEFAULT_SEED, description = "Seed of the permutations and bootstrap")
    long testSeed;

    @Option(names = "--json", description = "Print the result as JSON")
    boolean json;

    @Option(names = "--sequential", description = "Read the candidate's responses in order and stop as soon as the evidence is enough"
            + " (anytime-valid betting test; the reference's sampled responses are paired with them)")
    boolean sequential;

    @Option(names = "--margin", defaultValue = "" + SequentialVerifier.Config.DEFAULT_MARGIN,
            description = "With --sequential: SAME when the candidate is shown to be the farther of a pair in less than 1/2 + margin of pairs")
    double margin;

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
        Verifier.Config config = new Verifier.Config(mode == Mode.probe ? Verifier.Mode.PROBE : Verifier.Mode.TRAFFIC,
                alpha, permutations, testSeed, tolerance, Verifier.Config.DEFAULT_MIN_RESPONSES, Verifier.Config.DEFAULT_BOOTSTRAP, null);
        SequentialVerifier.Config seqConfig = new SequentialVerifier.Config(config.mode(), alpha, margin, testSeed);
        var prog = progress.progress(ctx);
        Signature ref = logOptions.reference(reference, ctx.err(), prog);
        List<EncodedResponse> refResponses = ref.sample();
        if (refResponses.isEmpty()) {
            throw new InvalidInputException("signature " + reference + " keeps no sampled responses (built with --sample 0); "
                    + "verification needs individual responses: rebuild it with --sample N, or give the reference's log");
        }
        List<EncodedResponse> cand = logOptions.encode(candidate, ref.config(), ctx.err(), prog);
        if (sequential) return sequential(ctx, settings, ref, cand, seqConfig);
        Verifier.Result r = Verifier.verify(refResponses, cand, config);
        ObjectNode payload = FingerprintRecords.verify(r, ref, candidate.toString());
        PrintWriter out = ctx.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(payload));
        } else {
            out.println(r.verdict() + "  " + (ref.modelId().isEmpty() ? reference : ref.modelId()) + " vs " + candidate);
            out.printf(Locale.ROOT, "  mode %s, %d reference and %d candidate responses%s%n", r.mode().name().toLowerCase(Locale.ROOT),
                    r.referenceResponses(), r.candidateResponses(), r.mode() == Verifier.Mode.PROBE ? " to " + r.probes() + " common prompts" : "");
            if (!Double.isNaN(r.pValue())) {
                out.printf(Locale.ROOT, "  p = %.4g (%d permutations), effect %.4f (upper bound %.4f), MMD^2 %.5f%n",
                        r.pValue(), r.permutations(), r.effect(), r.effectUpper(), r.mmd2Unbiased());
            }
            out.println("  " + r.reason());
            if (ref.sample().size() < ref.responses()) {
                out.println("  the reference signature samples " + ref.sample().size() + " of its " + ref.responses() + " responses");
            }
        }
        out.flush();
        audit.record(ctx, settings, "fingerprint.verify", ref.modelId(), payload);
        return switch (r.verdict()) {
            case SAME -> ExitCodes.OK;
            case DIFFERENT -> ExitCodes.CHECK_FAILED;
            case UNDECIDED -> ExitCodes.INCONCLUSIVE;
        };
    }

    private int sequential(CliContext ctx, AssayConfig settings, Signature ref, List<EncodedResponse> cand, SequentialVerifier.Config c)
            throws IOException {
        SequentialVerifier.Result r = new SequentialVerifier(ref, c).verify(cand);
        ObjectNode n = FingerprintRecords.sequential(r, c, ref, candidate.toString());
        PrintWriter out = ctx.out();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(n));
        } else {
            out.println(r.verdict() + "  " + (ref.modelId().isEmpty() ? reference : ref.modelId()) + " vs " + candidate + " (sequential)");
            out.printf(Locale.ROOT, "  %d of %d candidate responses used%n", r.pairs(), r.candidateResponses());
            out.println("  " + r.reason());
        }
        out.flush();
        audit.record(ctx, settings, "fingerprint.verify", ref.modelId(), n);
        return switch (r.verdict()) {
            case SAME -> ExitCodes.OK;
            case DIFFERENT -> ExitCodes.CHECK_FAILED;
            case UNDECIDED -> ExitCodes.INCONCLUSIVE;
        };
    }
}
