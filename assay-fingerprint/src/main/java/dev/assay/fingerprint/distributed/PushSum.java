package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/**
 * Push-sum gossip (Kempe, Dobra and Gehrke, "Gossip-based computation of aggregate information", FOCS 2003) over
 * the flattened counters of every peer, as {@link DistributedSignatures#gossip} describes. Each round, every peer
 * (a task on the executor) sums the halves it keeps and receives, senders in peer order, so the result does not
 * depend on scheduling. O(P L) per round for P peers and L = probes (3 + 4D) counters.
 */
final class PushSum {
    private final int peers;
    private final int length;
    private double[][] sums;
    private double[] weights;
    private double[] totals;
    private double[] totalWeights;

    private PushSum(List<long[]> counters, long[] responses) {
        peers = counters.size();
        length = counters.get(0).length;
        sums = new double[peers][length];
        weights = new double[peers];
        totals = new double[peers];
        totalWeights = new double[peers];
        for (int j = 0; j < peers; j++) {
            long[] c = counters.get(j);
            for (int i = 0; i < length; i++) sums[j][i] = c[i];
            weights[j] = responses[j];
            totals[j] = responses[j];
        }
        totalWeights[0] = 1;
    }

    static GossipResult run(List<Signature> partials, GossipConfig config, ExecutorService executor) {
        if (partials.isEmpty()) throw new InvalidInputException("peers must not be empty, but was 0 peers");
        EncoderConfig encoder = partials.get(0).config();
        SortedSet<String> ids = new TreeSet<>();
        List<SignatureCounters> local = new ArrayList<>();
        for (int j = 0; j < partials.size(); j++) {
            Signature s = partials.get(j);
            try {
                Signature.requireSameConfig(encoder, s.config());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("peer " + j + ": " + e.getMessage(), e);
            }
            local.add(SignatureCounters.of(s));
            ids.addAll(s.probes().keySet());
        }
        List<String> order = List.copyOf(ids);
        List<long[]> flat = new ArrayList<>();
        long[] responses = new long[partials.size()];
        long total = 0;
        for (int j = 0; j < local.size(); j++) {
            flat.add(local.get(j).flatten(order));
            responses[j] = local.get(j).responses();
            total += responses[j];
        }
        if (total == 0) throw new InvalidInputException("gossip needs at least one response among the peers, but they hold none");
        PushSum gossip = new PushSum(flat, responses);
        SplittableRandom root = new SplittableRandom(config.seed());
        SplittableRandom[] randoms = new SplittableRandom[gossip.peers];
        for (int j = 0; j < randoms.length; j++) randoms[j] = root.split();
        int rounds = 0;
        double spread = gossip.spread();
        while (!(spread <= config.tolerance()) && rounds < config.maxRounds()) {
            gossip.round(randoms, executor);
            rounds++;
            spread = gossip.spread();
        }
        boolean converged = spread <= config.tolerance();
        List<SignatureCounters> rebuilt = new ArrayList<>();
        if (converged) {
            for (int j = 0; j < gossip.peers; j++) rebuilt.add(SignatureCounters.unflatten(encoder, order, gossip.reconstruct(j)));
        }
        return new GossipResult(config, gossip.peers, rounds, converged, spread, rebuilt);
    }

    /** One synchronous round: every peer pushes half its state to a random other peer and keeps half. */
    private void round(SplittableRandom[] randoms, ExecutorService executor) {
        int[] target = new int[peers];
        for (int j = 0; j < peers; j++) {
            if (peers == 1) {
                target[j] = 0;
            } else {
                int k = randoms[j].nextInt(peers - 1);
                target[j] = k >= j ? k + 1 : k;
            }
        }
        List<Callable<double[]>> nodes = new ArrayList<>(peers);
        for (int k = 0; k < peers; k++) {
            int receiver = k;
            nodes.add(() -> receive(receiver, target));
        }
        List<double[]> next = Nodes.run(executor, nodes);
        double[][] nextSums = new double[peers][];
        double[] nextWeights = new double[peers];
        double[] nextTotals = new double[peers];
        double[] nextTotalWeights = new double[peers];
        for (int k = 0; k < peers; k++) {
            double[] state = next.get(k);
            nextSums[k] = Arrays.copyOf(state, length);
            nextWeights[k] = state[length];
            nextTotals[k] = state[length + 1];
            nextTotalWeights[k] = state[length + 2];
        }
        sums = nextSums;
        weights = nextWeights;
        totals = nextTotals;
        totalWeights = nextTotalWeights;
    }

    /** Peer {@code k}'s next state: its kept half plus the halves pushed to it, as sums | weight | total | total weight. */
    private double[] receive(int k, int[] target) {
        double[] out = new double[length + 3];
        for (int j = 0; j < peers; j++) {
            int shares = (j == k ? 1 : 0) + (target[j] == k ? 1 : 0);
            if (shares == 0) continue;
            double f = 0.5 * shares;
            double[] s = sums[j];
            for (int i = 0; i < length; i++) out[i] += f * s[i];
            out[length] += f * weights[j];
            out[length + 1] += f * totals[j];
            out[length + 2] += f * totalWeights[j];
        }
        return out;
    }

    /**
     * The largest disagreement: over every counter, the range of the peers' estimates sum / weight (each in [0, 1]),
     * and the range of their estimates of the total relative to the largest; infinite while a peer has no weight.
     */
    private double spread() {
        double lowTotal = Double.POSITIVE_INFINITY;
        double highTotal = 0;
        for (int j = 0; j < peers; j++) {
            if (!(weights[j] > 0) || !(totalWeights[j] > 0)) return Double.POSITIVE_INFINITY;
            double t = totals[j] / totalWeights[j];
            lowTotal = Math.min(lowTotal, t);
            highTotal = Math.max(highTotal, t);
        }
        double worst = (highTotal - lowTotal) / highTotal;
        for (int i = 0; i < length; i++) {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < peers; j++) {
                double e = sums[j][i] / weights[j];
                low = Math.min(low, e);
                high = Math.max(high, e);
            }
            worst = Math.max(worst, high - low);
        }
        return worst;
    }

    /** Peer {@code j}'s global counters: round(estimate x round(estimated total)). */
    private long[] reconstruct(int j) {
        long total = Math.round(totals[j] / totalWeights[j]);
        long[] out = new long[length];
        for (int i = 0; i < length; i++) out[i] = Math.round(sums[j][i] / weights[j] * total);
        return out;
    }
}
