package dev.assay.cli.fingerprint;

import dev.assay.core.InvalidInputException;
import dev.assay.core.progress.Progress;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** How response logs are read and encoded ({@code @Mixin LogOptions logs}). */
public final class LogOptions {
    @Option(names = "--skip-bad-lines", description = "Skip malformed lines (each reported on stderr with its line number) instead of refusing the log")
    boolean skipBadLines;

    @Option(names = "--dim", paramLabel = "D", defaultValue = "" + EncoderConfig.DEFAULT_DIMENSION,
            description = "Hypervector dimension in bits (a multiple of 64) when encoding logs")
    int dimension;

    @Option(names = "--seed", paramLabel = "S", defaultValue = EncoderConfig.DEFAULT_SEED,
            description = "Item memory seed when encoding logs")
    String seed;

    EncoderConfig config() {
        return EncoderConfig.of(dimension, seed);
    }

    /** Reads a log's responses, reporting skipped lines on {@code err}. */
    List<Response> read(Path log, PrintWriter err) {
        if (Files.isDirectory(log)) throw new InvalidInputException(log + " is a directory; give the response log files");
        List<Response> out = new ArrayList<>();
        var report = ResponseLog.read(log, skipBadLines ? ResponseLog.Options.SKIP_BAD_LINES : ResponseLog.Options.STRICT, out::add);
        for (String line : report.describeBadLines()) err.println("skipped " + line);
        err.flush();
        return out;
    }

    /** Reads and encodes a log under {@code config}. */
    List<EncodedResponse> encode(Path log, EncoderConfig config, PrintWriter err, Progress progress) {
        List<Response> responses = read(log, err);
        if (responses.isEmpty()) throw new InvalidInputException("response log " + log + " holds no response");
        return new ResponseEncoder(config).encodeAll(responses, progress);
    }

    /** The single model named by {@code responses}' model fields, or "" when none names one. */
    static String modelOf(List<Response> responses, Path log) {
        Set<String> models = new LinkedHashSet<>();
        for (Response r : responses) if (r.model() != null) models.add(r.model());
        if (models.size() > 1) {
            List<String> some = models.stream().limit(4).toList();
            throw new InvalidInputException(log + " holds responses of " + models.size() + " models (" + String.join(", ", some)
                    + (models.size() > 4 ? ", ..." : "") + "); give one log per model, or name the model with --model");
        }
        return models.isEmpty() ? "" : models.iterator().next();
    }

    /**
     * A reference: a signature file as it is, or a response log built into a signature under this config (its
     * model from its records, every response sampled so tests see them all).
     */
    Signature reference(Path file, PrintWriter err, Progress progress) {
        return reference(file, config(), err, progress);
    }

    /** As {@link #reference(Path, PrintWriter, Progress)}, encoding a log under {@code config}. */
    Signature reference(Path file, EncoderConfig config, PrintWriter err, Progress progress) {
        if (!Files.exists(file)) throw new InvalidInputException("reference " + file + " does not exist");
        if (Signature.looksLikeSignature(file)) return Signature.read(file);
        List<Response> responses = read(file, err);
        if (responses.isEmpty()) throw new InvalidInputException("response log " + file + " holds no response");
        String model = modelOf(responses, file);
        var builder = Signature.builder(config, model.isEmpty() ? file.getFileName().toString() : model)
                .sampleLimit(Math.min(Signature.MAX_SAMPLE_LIMIT, responses.size()));
        for (EncodedResponse e : new ResponseEncoder(config).encodeAll(responses, progress)) builder.add(e);
        return builder.build();
    }
}
