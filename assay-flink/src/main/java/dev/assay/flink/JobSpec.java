package dev.assay.flink;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link SignatureJob} run builds: the response logs (files or directories, local paths or Flink file
 * system URIs), the model id of records without a {@code model} field (null for none: such a record is then an
 * error), the encoder configuration, where the signatures go and the parallelism (0 for the environment's).
 */
public record JobSpec(List<String> inputs, String defaultModel, EncoderConfig config, Path out, int parallelism) {
    static final String USAGE = "usage: SignatureJob --input PATH... --out DIR [--model ID] [--dim D] [--seed S] [--parallelism N]";

    public JobSpec {
        inputs = List.copyOf(inputs);
        if (inputs.isEmpty()) throw new InvalidInputException("at least one --input is required");
        Objects.requireNonNull(config, "config");
        if (defaultModel != null && defaultModel.isBlank()) throw new InvalidInputException("--model must not be blank");
        if (parallelism < 0) throw new InvalidInputException("--parallelism must be at least 1, but was " + parallelism);
    }

    /** Parses the command line; several paths may follow one {@code --input}. */
    public static JobSpec parse(String... args) {
        List<String> inputs = new ArrayList<>();
        String model = null;
        String out = null;
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
                case "--out" -> out = value(args, ++i, a);
                case "--model" -> model = value(args, ++i, a);
                case "--dim" -> dim = integer(value(args, ++i, a), a);
                case "--seed" -> seed = value(args, ++i, a);
                case "--parallelism" -> {
                    parallelism = integer(value(args, ++i, a), a);
                    if (parallelism < 1) throw new InvalidInputException("--parallelism must be at least 1, but was " + parallelism);
                }
                default -> throw new InvalidInputException("unknown argument " + a + "; " + USAGE);
            }
        }
        if (out == null) throw new InvalidInputException("--out is required; " + USAGE);
        return new JobSpec(inputs, model, EncoderConfig.of(dim, seed), Path.of(out), parallelism);
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) throw new InvalidInputException(flag + " needs a value; " + USAGE);
        return args[i];
    }

    private static int integer(String s, String flag) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException(flag + " must be an integer, but was " + s);
        }
    }
}
