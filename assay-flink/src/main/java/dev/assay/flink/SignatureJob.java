package dev.assay.flink;

import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * The signature map-reduce as a Flink batch job. The driver lists the response logs; a source hands the files
 * to the readers ({@link ReadLines}: one file per subtask at a time, lines in file order, each file's SHA-256
 * on the side); the lines are rebalanced over the encoders ({@link EncodePartition}: per subtask a partial
 * {@link Signature.Builder} per model); the partials are keyed by model and reduced with {@link Signature#merge}.
 * The merged signatures are cut into pieces of at most 1 MiB for collection; the driver joins them into one
 * merged signature per model and adds the sources (file name, SHA-256, that model's
 * responses in the file). Because merge is exact and order-free, the result equals, byte for byte,
 * {@code Signature.builder(config, model)} fed the same responses and sources on one machine, whatever the
 * parallelism. Signatures travel as {@code byte[]} ({@link Signature#toBytes()}), so no record needs Kryo; the
 * job disables generic types to keep it so.
 *
 * <p>Run: {@code flink run -c dev.assay.flink.SignatureJob assay-flink/target/assay-flink-<version>.jar
 * --input PATH... --out DIR [--model ID] [--dim D] [--seed S] [--parallelism N]} (docs/FLINK.md).
 */
public final class SignatureJob {
    /** Suffix of signature files. */
    public static final String SUFFIX = ".asfp";

    private SignatureJob() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(JobSpec.USAGE);
            return;
        }
        JobSpec spec;
        try {
            spec = JobSpec.parse(args);
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Configuration conf = new Configuration();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        try {
            Map<String, Signature> signatures = build(env, spec);
            Map<String, java.nio.file.Path> written = write(signatures, spec.out());
            for (var e : written.entrySet()) {
                Signature s = signatures.get(e.getKey());
                System.out.println(e.getKey() + "\t" + s.responses() + " responses\t" + s.probes().size() + " probes\t" + e.getValue());
            }
            if (written.isEmpty()) System.out.println("no responses in the input; no signature written");
        } catch (InvalidInputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs the job on {@code env} (in batch mode) and returns the signature of each model, by model id. */
    public static SortedMap<String, Signature> build(StreamExecutionEnvironment env, JobSpec spec) throws Exception {
        List<String> files = listLogs(spec.inputs());
        EncoderConfig config = spec.config();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        if (spec.parallelism() > 0) env.setParallelism(spec.parallelism());
        Configuration noKryo = new Configuration();
        noKryo.set(PipelineOptions.GENERIC_TYPES, false);
        env.configure(noKryo);

        List<LogFile> tasks = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) tasks.add(new LogFile(i, files.get(i)));
        SingleOutputStreamOperator<LogLine> lines = env.fromData(tasks, TypeInformation.of(LogFile.class)).name("response logs")
                .rebalance()
                .process(new ReadLines(ResponseLog.DEFAULT_MAX_LINE_BYTES)).name("read lines");
        DataStream<PartialSignature> merged = lines.rebalance()
                .transform("encode and count", TypeInformation.of(PartialSignature.class),
                        new EncodePartition(config, spec.defaultModel(), files))
                .keyBy(PartialSignature::model)
                .reduce(PartialSignature::merge).name("merge per model");
        DataStream<SignatureChunk> pieces = merged
                .flatMap((PartialSignature p, Collector<SignatureChunk> out) -> SignatureChunk.split(p, SignatureChunk.MAX_BYTES).forEach(out::collect))
                .returns(SignatureChunk.class).name("cut for collection");

        CloseableIterator<FileDigest> digestResults = lines.getSideOutput(ReadLines.DIGESTS).collectAsync();
        CloseableIterator<SignatureChunk> signatureResults = pieces.collectAsync();
        JobClient job = env.executeAsync("assay signatures");
        Map<Integer, FileDigest> digests = new java.util.concurrent.ConcurrentHashMap<>();
        Map<String, List<SignatureChunk>> chunks = new TreeMap<>();
        try (digestResults; signatureResults) {
            // Both results are drained at once: a collect sink whose buffer is full holds its slot until read.
            CompletableFuture<Void> digestsRead = CompletableFuture.runAsync(
                    () -> digestResults.forEachRemaining(d -> digests.put(d.file(), d)));
            signatureResults.forEachRemaining(c -> chunks.computeIfAbsent(c.model(), m -> new ArrayList<>()).add(c));
            digestsRead.join();
            job.getJobExecutionResult().get();
        } catch (RuntimeException | ExecutionException e) {
            throw rethrowInputError(e);
        }

        SortedMap<String, Signature> out = new TreeMap<>();
        for (List<SignatureChunk> modelChunks : chunks.values()) {
            PartialSignature p = SignatureChunk.join(modelChunks);
            Signature.Builder withSources = Signature.builder(config, p.model());
            long[] counts = p.fileCounts();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) continue;
                FileDigest d = digests.get(i);
                if (d == null) throw new IllegalStateException("no digest was collected for " + files.get(i));
                withSources.source(new Signature.Source(new Path(files.get(i)).getName(), d.sha256(), counts[i]));
            }
            if (out.put(p.model(), withSources.build().merge(p.decode())) != null) {
                throw new IllegalStateException("two merged signatures for model " + p.model());
            }
        }
        return out;
    }

    /**
     * The log files named by {@code inputs}: a file as given, a directory as its {@code .jsonl} and
     * {@code .jsonl.gz} files (not recursive), each directory's in name order.
     */
    static List<String> listLogs(List<String> inputs) throws IOException {
        List<String> files = new ArrayList<>();
        for (String input : inputs) {
            Path p = new Path(input);
            FileSystem fs = p.getFileSystem();
            FileStatus status;
            try {
                status = fs.getFileStatus(p);
            } catch (FileNotFoundException e) {
                throw new InvalidInputException("input " + input + " does not exist");
            }
            if (!status.isDir()) {
                files.add(input);
                continue;
            }
            FileStatus[] children = fs.listStatus(p);
            Arrays.sort(children, Comparator.comparing(c -> c.getPath().getName()));
            int before = files.size();
            for (FileStatus c : children) {
                String name = c.getPath().getName();
                if (!c.isDir() && (name.endsWith(".jsonl") || name.endsWith(".jsonl.gz"))) files.add(c.getPath().toString());
            }
            if (files.size() == before) throw new InvalidInputException("directory " + input + " holds no .jsonl or .jsonl.gz file");
        }
        return files;
    }

    /** Writes each signature to {@code dir/<file name of its model>.asfp} (atomically); returns the files by model. */
    public static Map<String, java.nio.file.Path> write(Map<String, Signature> signatures, java.nio.file.Path dir) {
        Map<String, java.nio.file.Path> written = new LinkedHashMap<>();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        for (var e : signatures.entrySet()) {
            java.nio.file.Path file = dir.resolve(fileName(e.getKey()) + SUFFIX);
            e.getValue().write(file);
            written.put(e.getKey(), file);
        }
        return written;
    }

    /**
     * A file name for a model id: the id itself when it is only letters, digits, '.', '_' and '-' (and does not
     * start with '.'); otherwise the id with every other character replaced by '_', then '-' and the first 8 hex
     * digits of the id's SHA-256, so two ids never share a file.
     */
    public static String fileName(String model) {
        if (model.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*") && model.length() <= 200) return model;
        String safe = model.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.startsWith(".")) safe = "_" + safe.substring(1);
        if (safe.length() > 200) safe = safe.substring(0, 200);
        return safe + "-" + Hashing.sha256Hex(model.getBytes(StandardCharsets.UTF_8)).substring(0, 8);
    }

    /** The user-fixable error behind a failed job (a bad line, a missing file), else {@code e} itself. */
    static RuntimeException rethrowInputError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) return new InvalidInputException(bad.getMessage(), e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException("the signature job failed", e);
    }
}
