package dev.assay.flink;

import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Scalars;
import dev.assay.fingerprint.drift.DriftConfig;
import dev.assay.fingerprint.encode.EncoderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link DriftJob} run checks: the response logs (files or directories, local paths or Flink file system
 * URIs), the reference signatures (by model: explicit {@code model=path} pairs, and directories of {@code .asfp}
 * files whose models are the ids the signatures carry), the model id of records without a {@code model} field (null
 * for none), the encoder configuration every reference must have been built with, the windows, the drift
 * detector's settings, the output file (JSON lines) and the parallelism (0 for the environment's).
 */
public record DriftSpec(List<String> inputs, SortedMap<String, Path> references, List<Path> referenceDirs, String defaultModel,
                        EncoderConfig config, Windowing windowing, DriftConfig drift, Path out, int parallelism) {
    static final String USAGE = "usage: DriftJob --input PATH... (--reference MODEL=SIG)... [--references DIR]... --out FILE"
            + " (--count-window N | --time-window DURATION [--time-field NAME]) [--cusum-window W] [--arl A] [--drift-seed S]"
            + " [--model ID] [--dim D] [--seed S] [--parallelism N]";

    public DriftSpec {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) throw new InvalidInputException("at least one --input is required");
        references = new TreeMap<>(references);
        referenceDirs = List.copyOf(referenceDirs);
        if (references.isEmpty() && referenceDirs.isEmpty()) throw new InvalidInputException("at least one --reference or --references is required");
        if (defaultModel != null && defaultModel.isBlank()) throw new InvalidInputException("--model must not be blank");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(windowing, "windowing");
        Objects.requireNonNull(drift, "drift");
        Objects.requireNonNull(out, "out");
        if (parallelism < 0) throw new InvalidInputException("--parallelism must be at least 1, but was " + parallelism);
    }

    /** Parses the command line; several paths may follow one {@code --input}; {@code --reference} repeats. */
    public static DriftSpec parse(String... args) {
        List<String> inputs = new ArrayList<>();
        SortedMap<String, Path> references = new TreeMap<>();
        List<Path> referenceDirs = new ArrayList<>();
        String model = null;
        String out = null;
        Long count = null;
        Duration time = null;
        String timeField = Windowing.DEFAULT_TIME_FIELD;
        int cusumWindow = DriftConfig.DEFAULT_WINDOW;
        double arl = DriftConfig.DEFAULT_EXPECTED_RUN_LENGTH;
        long driftSeed = DriftConfig.DEFAULT_SEED;
        int dim = EncoderConfig.DEFAULT_DIMENSION;
        String seed = EncoderConfig.DEFAULT_SEED;
        int parallelism = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--input" -> {
                    int before = inputs.size();
                    while (i + 1 < args.length && !args[i + 1].startsWith("--")) inputs.add(args[++i]);
                    if (inputs.size() == before) throw new InvalidInputException("--input needs at least one path; " + USAGE);
                }
                case "--reference" -> {
                    String v = value(args, ++i, a);
                    int eq = v.lastIndexOf('=');
                    if (eq <= 0 || eq == v.length() - 1) {
                        throw new InvalidInputException("--reference must be MODEL=PATH (a model id, '=', a signature file), but was " + v);
                    }
                    String id = v.substring(0, eq);
                    if (references.put(id, Path.of(v.substring(eq + 1))) != null) {
                        throw new InvalidInputException("--reference names model " + id + " twice");
                    }
                }
                case "--references" -> referenceDirs.add(Path.of(value(args, ++i, a)));
                case "--out" -> out = value(args, ++i, a);
                case "--model" -> model = value(args, ++i, a);
                case "--count-window" -> count = longInteger(value(args, ++i, a), a);
                case "--time-window" -> {
                    String v = value(args, ++i, a);
                    try {
                        time = Scalars.duration(v);
                    } catch (InvalidInputException e) {
                        throw new InvalidInputException("--time-window " + e.getMessage());
                    }
                }
                case "--time-field" -> timeField = value(args, ++i, a);
                case "--cusum-window" -> cusumWindow = (int) longInteger(value(args, ++i, a), a);
                case "--arl" -> arl = number(value(args, ++i, a), a);
                case "--drift-seed" -> driftSeed = longInteger(value(args, ++i, a), a);
                case "--dim" -> dim = (int) longInteger(value(args, ++i, a), a);
                case "--seed" -> seed = value(args, ++i, a);
                case "--parallelism" -> {
                    parallelism = (int) longInteger(value(args, ++i, a), a);
                    if (parallelism < 1) throw new InvalidInputException("--parallelism must be at least 1, but was " + parallelism);
                }
                default -> throw new InvalidInputException("unknown argument " + a + "; " + USAGE);
            }
        }
        if (out == null) throw new InvalidInputException("--out is required; " + USAGE);
        if ((count == null) == (time == null)) throw new InvalidInputException("give exactly one of --count-window and --time-window; " + USAGE);
        Windowing windowing = count != null ? Windowing.count(count) : Windowing.time(time.toMillis(), timeField);
        DriftConfig drift;
        try {
            drift = new DriftConfig(cusumWindow, arl, driftSeed, DriftConfig.DEFAULT_SHIFT, DriftConfig.DEFAULT_CALIBRATION_STREAMS);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("drift settings (--cusum-window, --arl): " + e.getMessage());
        }
        return new DriftSpec(inputs, references, referenceDirs, model, EncoderConfig.of(dim, seed), windowing, drift, Path.of(out), parallelism);
    }

    /** A spec with these references by model and the defaults for the rest but what is given. */
    public static DriftSpec of(List<String> inputs, Map<String, Path> references, EncoderConfig config, Windowing windowing,
                               DriftConfig drift, Path out, int parallelism) {
        return new DriftSpec(inputs, new TreeMap<>(references), List.of(), null, config, windowing, drift, out, parallelism);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) throw new InvalidInputException(flag + " needs a value; " + USAGE);
        return args[i];
    }

    private static long longInteger(String s, String flag) {
        try {
            long v = Long.parseLong(s);
            if (!flag.equals("--count-window") && !flag.equals("--drift-seed") && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)) {
                throw new InvalidInputException(flag + " must be an integer of at most " + Integer.MAX_VALUE + ", but was " + s);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag + " must be an integer, but was " + s);
        }
    }

    private static double number(String s, String flag) {
        try {
            return Scalars.number(s);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(flag + " " + e.getMessage());
        }
    }
}
