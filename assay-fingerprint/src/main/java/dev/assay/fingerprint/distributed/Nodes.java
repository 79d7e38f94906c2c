package dev.assay.fingerprint.distributed;

import dev.assay.core.Hashing;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** In-process nodes: tasks on the caller's executor, and what a node does to build its partial signature. */
final class Nodes {
    private Nodes() {}

    /**
     * Runs every task on {@code executor} and returns their results in task order. The first failure (in task
     * order) cancels the rest and is rethrown as it was thrown; an interrupt cancels them all.
     */
    static <T> List<T> run(ExecutorService executor, List<? extends Callable<T>> tasks) {
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) futures.add(executor.submit(t));
        List<T> out = new ArrayList<>(tasks.size());
        try {
            for (Future<T> f : futures) out.add(f.get());
            return out;
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted while waiting for " + tasks.size() + " nodes");
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException("a node failed", e.getCause());
        }
    }

    /** The signature of {@code responses} under {@code spec}. */
    static Signature build(SignatureSpec spec, ResponseEncoder encoder, List<Response> responses) {
        Signature.Builder b = spec.builder();
        for (Response r : responses) b.add(encoder.encode(r));
        return b.build();
    }

    /** The signature of the responses of {@code files}, each recorded as a source (file name, SHA-256, responses). */
    static Signature buildLogs(SignatureSpec spec, ResponseEncoder encoder, List<Path> files, ResponseLog.Options options) {
        Signature.Builder b = spec.builder();
        for (Path file : files) {
            ResponseLog.Report report = ResponseLog.read(file, options, r -> b.add(encoder.encode(r)));
            b.source(new Signature.Source(file.getFileName().toString(), Hashing.sha256Hex(file), report.responses()));
        }
        return b.build();
    }
}
