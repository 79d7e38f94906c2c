package dev.assay.fingerprint.encode;

import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.hv.ItemMemory;
import dev.assay.fingerprint.hv.TextEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ToolCall;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Encodes responses under one {@link EncoderConfig}:
 * <ul>
 *   <li><b>text</b>: the bundle of the distinct byte n-grams of the response text (its first
 *       {@code maxTextBytes} bytes), tool-call lines included, since how a model writes a call is its style;</li>
 *   <li><b>structure</b>: the bundle of symbols for the number of calls (capped at 10), each tool's name, each
 *       transition between consecutive tools (from a start mark to an end mark, so order counts), and each
 *       argument path with its JSON type ({@code send_money.amount:number}): what the model did, not how it
 *       phrased it;</li>
 *   <li><b>vector</b>: for a vector output x (an embedding, scores), bit j = [sum_i r_ji x_i > 0] with r_ji = +-1
 *       from the item memory (sign random projection with Rademacher planes): the normalized Hamming distance
 *       of two codes estimates the angle between the vectors over pi.</li>
 *   <li><b>log-probabilities</b>: the bundle, with repeats, of every position's {@link LogprobSymbols} (surprisal,
 *       rank, entropy and gap buckets of the top alternatives, their pairs, consecutive surprisals): a random
 *       projection of the histogram of the model's confidence profile.</li>
 * </ul>
 * Thread-safe: encoders may be shared by threads.
 */
public final class ResponseEncoder {
    private static final int MAX_CALLS_SYMBOL = 10;
    private static final int SYMBOL_CACHE = 4_096;

    private final EncoderConfig config;
    private final ItemMemory memory;
    private final TextEncoder text;
    private final Map<String, Hypervector> symbols = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Hypervector> eldest) {
            return size() > SYMBOL_CACHE;
        }
    };
    private volatile Planes planes;

    public ResponseEncoder(EncoderConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.memory = new ItemMemory(config.dimension(), config.seed());
        this.text = TextEncoder.distinct(memory, config.ngram());
    }

    public EncoderConfig config() {
        return config;
    }

    /** The item memory the vectors come from. */
    public ItemMemory memory() {
        return memory;
    }

    /** Encodes one response. */
    public EncodedResponse encode(Response r) {
        byte[] bytes = r.text().getBytes(StandardCharsets.UTF_8);
        Hypervector t = text.encode(bytes, Math.min(bytes.length, config.maxTextBytes()));
        float[] v = r.vector();
        return new EncodedResponse(r.probeId(), t, structure(r), v == null ? null : project(v), logprob(r), Features.of(r));
    }

    /** The log-probability profile vector of a response; null when it has no token log-probabilities. */
    Hypervector logprob(Response r) {
        if (r.logprobs() == null || r.logprobs().isEmpty()) return null;
        Bundler b = new Bundler(memory.tieBreak());
        LogprobSymbols.forEach(r.logprobs(), s -> b.add(symbol(s)));
        return b.majority();
    }

    /**
     * Encodes every response, in parallel on the common fork-join pool, in order; {@code progress} gets a task of
     * {@code responses.size()} units.
     */
    public java.util.List<EncodedResponse> encodeAll(java.util.List<Response> responses, dev.assay.core.progress.Progress progress) {
        try (var task = progress.start("encoding responses", responses.size())) {
            return responses.parallelStream().map(r -> {
                EncodedResponse e = encode(r);
                task.step(1);
                return e;
            }).toList();
        }
    }

    /** The structure vector of a response's tool calls. */
    Hypervector structure(Response r) {
        Bundler b = new Bundler(memory.tieBreak());
        b.add(symbol("calls:" + Math.min(r.toolCalls().size(), MAX_CALLS_SYMBOL)));
        String prev = "^";
        for (ToolCall c : r.toolCalls()) {
            b.add(symbol("tool:" + c.name()));
            b.add(symbol("seq:" + prev + ">" + c.name()));
            prev = c.name();
            c.forEachField((path, type) -> b.add(symbol("arg:" + c.name() + "." + path + ":" + type)));
        }
        b.add(symbol("seq:" + prev + ">$"));
        return b.majority();
    }

    private Hypervector symbol(String s) {
        synchronized (symbols) {
            Hypervector v = symbols.get(s);
            if (v != null) return v;
        }
        Hypervector v = memory.vector(s);
        synchronized (symbols) {
            symbols.put(s, v);
        }
        return v;
    }

    /** The sign-random-projection code of {@code x}. */
    Hypervector project(float[] x) {
        Planes p = planes;
        if (p == null || p.inputDimension != x.length) {
            p = new Planes(x.length, config.dimension(), config.seed());
            planes = p;
        }
        double total = 0;
        for (float f : x) total += f;
        long[] out = new long[config.dimension() / 64];
        int inWords = p.inputWords;
        for (int j = 0; j < config.dimension(); j++) {
            double plus = 0;
            int base = j * inWords;
            for (int w = 0; w < inWords; w++) {
                long bits = p.bits[base + w];
                while (bits != 0) {
                    int i = w * 64 + Long.numberOfTrailingZeros(bits);
                    if (i < x.length) plus += x[i];
                    bits &= bits - 1;
                }
            }
            if (2 * plus - total > 0) out[j >>> 6] |= 1L << (j & 63);
        }
        return Hypervector.ofWords(out);
    }

    /** The +-1 planes for one input dimension: plane j's sign bits are the item vector of "srp:j". */
    private static final class Planes {
        final int inputDimension;
        final int inputWords;
        final long[] bits;

        Planes(int inputDimension, int dimension, String seed) {
            this.inputDimension = inputDimension;
            this.inputWords = (inputDimension + 63) / 64;
            ItemMemory m = new ItemMemory(inputWords * 64, seed);
            bits = new long[dimension * inputWords];
            for (int j = 0; j < dimension; j++) {
                System.arraycopy(m.vector("srp:" + j).words(), 0, bits, j * inputWords, inputWords);
            }
        }
    }
}
