package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Building one signature on several nodes, in four modes. Nodes are tasks on an executor the caller gives (its
 * thread count bounds the parallelism); results never depend on scheduling.
 * <ul>
 *   <li><b>map-reduce</b> ({@link #mapReduce}, {@link #mapReduceLogs}): one partial signature per partition, built
 *       in parallel, reduced by {@link Signature#merge}; the result is byte for byte the signature one machine
 *       builds from all the responses in any order, because merge is exact.</li>
 *   <li><b>hierarchical</b> ({@link #hierarchical}): partial signatures merged up a tree of a given fan-in; the
 *       same root, and the tree's depth.</li>
 *   <li><b>federated</b> ({@link #federated}, {@link #sitePayload}, {@link #coordinate}): sites send only
 *       signature bytes, never responses; without noise the merge is the exact signature, with
 *       {@link SiteNoise.Geometric} every counter is noised at the site (see there for the privacy guarantee).</li>
 *   <li><b>gossip</b> ({@link #gossip}): peers without a coordinator agree on the global counters by push-sum.</li>
 * </ul>
 */
public final class DistributedSignatures {
    /** Largest fan-in of a merge tree. */
    public static final int MAX_FAN_IN = 64;

    private DistributedSignatures() {}

    /** {@code items} cut into {@code partitions} contiguous parts whose sizes differ by at most one (some empty when there are fewer items). */
    public static <T> List<List<T>> split(List<T> items, int partitions) {
        if (partitions < 1) throw new InvalidInputException("partitions must be at least 1, but was " + partitions);
        List<List<T>> out = new ArrayList<>(partitions);
        int n = items.size();
        for (int p = 0; p < partitions; p++) {
            out.add(List.copyOf(items.subList((int) ((long) n * p / partitions), (int) ((long) n * (p + 1) / partitions))));
        }
        return out;
    }

    /** The map step: one partial signature per partition of responses, built in parallel, in partition order. */
    public static List<Signature> partials(List<? extends List<Response>> partitions, SignatureSpec spec, ExecutorService executor) {
        requirePartitions(partitions.size());
        ResponseEncoder encoder = new ResponseEncoder(spec.config());
        List<Callable<Signature>> nodes = new ArrayList<>();
        for (List<Response> part : partitions) {
            Objects.requireNonNull(part, "partition");
            nodes.add(() -> Nodes.build(spec, encoder, part));
        }
        return Nodes.run(Objects.requireNonNull(executor, "executor"), nodes);
    }

    /**
     * The map step over response logs: one partial signature per partition of files, each file read with
     * {@code options} and recorded as a source (its file name, SHA-256 and the responses read from it).
     */
    public static List<Signature> logPartials(List<? extends List<Path>> partitions, SignatureSpec spec,
                                              ResponseLog.Options options, ExecutorService executor) {
        requirePartitions(partitions.size());
        Objects.requireNonNull(options, "options");
        ResponseEncoder encoder = new ResponseEncoder(spec.config());
        List<Callable<Signature>> nodes = new ArrayList<>();
        for (List<Path> part : partitions) {
            Objects.requireNonNull(part, "partition");
            nodes.add(() -> Nodes.buildLogs(spec, encoder, part, options));
        }
        return Nodes.run(Objects.requireNonNull(executor, "executor"), nodes);
    }

    /** The reduce step: the merge of every partial signature, which is the signature of all their responses. */
    public static Signature reduce(List<Signature> partials) {
        if (partials.isEmpty()) throw new InvalidInputException("partials must not be empty, but was 0 signatures");
        Signature out = partials.get(0);
        for (int i = 1; i < partials.size(); i++) out = out.merge(partials.get(i));
        return out;
    }

    /** Map-reduce over partitions of responses: byte for byte the signature of all of them. */
    public static Signature mapReduce(List<? extends List<Response>> partitions, SignatureSpec spec, ExecutorService executor) {
        return reduce(partials(partitions, spec, executor));
    }

    /** Map-reduce over partitions of response logs: byte for byte the signature of all their files, sources included. */
    public static Signature mapReduceLogs(List<? extends List<Path>> partitions, SignatureSpec spec,
                                          ResponseLog.Options options, ExecutorService executor) {
        return reduce(logPartials(partitions, spec, options, executor));
    }

    /** Merges {@code leaves} up a tree of fan-in {@code fanIn} (2 to {@value #MAX_FAN_IN}), each level's nodes in parallel. */
    public static HierarchicalResult hierarchical(List<Signature> leaves, int fanIn, ExecutorService executor) {
        if (fanIn < 2 || fanIn > MAX_FAN_IN) throw new InvalidInputException("fanIn must be 2 to " + MAX_FAN_IN + ", but was " + fanIn);
        if (leaves.isEmpty()) throw new InvalidInputException("leaves must not be empty, but was 0 signatures");
        return TreeMerge.merge(leaves, fanIn, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * What {@code site} sends: the bytes of its signature under {@code spec}, exact for {@link SiteNoise#NONE}, its
     * counters noised for {@link SiteNoise.Geometric}, the noise drawn from a {@link java.util.SplittableRandom}
     * seeded with {@code seed} XOR the first 64 bits of SHA-256(site name), so a site's noise is reproducible and
     * independent of the other sites'.
     */
    public static SitePayload sitePayload(Site site, SignatureSpec spec, SiteNoise noise, long seed) {
        return Federation.payload(Objects.requireNonNull(site, "site"), Objects.requireNonNull(spec, "spec"),
                Objects.requireNonNull(noise, "noise"), seed);
    }

    /**
     * The coordinator: reads every site's payload ({@link Signature#fromBytes}, which refuses a tampered or
     * truncated one, naming the site), refuses one under another encoder configuration than {@code config}, a
     * second payload from one site and, under noise, one that carries sampled responses or sources, then merges.
     */
    public static FederatedResult coordinate(List<SitePayload> payloads, EncoderConfig config, SiteNoise noise, long seed) {
        return Federation.coordinate(payloads, Objects.requireNonNull(config, "config"), Objects.requireNonNull(noise, "noise"), seed);
    }

    /** A federation in process: every site builds its payload in parallel, the coordinator merges them. */
    public static FederatedResult federated(List<Site> sites, SignatureSpec spec, SiteNoise noise, long seed, ExecutorService executor) {
        return Federation.run(sites, Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(noise, "noise"), seed,
                Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Push-sum gossip among peers, peer j holding the partial signature {@code peers.get(j)}. The probe ids are
     * the union of the peers' (the probe set a probing protocol announces, known to every peer up front), fixing
     * one flattened layout of L counters ({@link SignatureCounters}). Peer j starts with sums = its counters as
     * doubles and weight = its number of responses n_j, plus the pair (n_j, [j = 0]) for the total; every round,
     * each peer keeps half of every value and pushes half to a peer drawn uniformly from the others (each peer's
     * draws from its own split of {@code config.seed()}). Sums and weights are conserved, so sum / weight tends to
     * count_i / N for every counter (N = sum of n_j) and the second pair to N, in O(log P + log 1/tolerance)
     * rounds for P peers (Kempe et al.).
     *
     * <p>The spread is the largest range of the peers' estimates sum / weight over the counters (each in [0, 1])
     * and the range of their totals relative to the largest; gossip stops once it is at most the tolerance, or
     * after {@code maxRounds}. The global value is a weighted mean of the peers' estimates, so it lies within that
     * range; each peer then reconstructs round(estimate &times; round(total)), which is exact when
     * tolerance &times; N &lt; 1/2 (floating-point rounding adds about 1e-16 per round). The reconstructions carry
     * counters only: feature sums and samples are not gossiped.
     */
    public static GossipResult gossip(List<Signature> peers, GossipConfig config, ExecutorService executor) {
        return PushSum.run(peers, Objects.requireNonNull(config, "config"), Objects.requireNonNull(executor, "executor"));
    }

    private static void requirePartitions(int n) {
        if (n < 1) throw new InvalidInputException("partitions must not be empty, but was " + n + " partitions");
    }
}
