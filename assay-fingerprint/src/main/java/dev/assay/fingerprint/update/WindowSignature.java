package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;

/** {@link UpdateStrategy#SLIDING_WINDOW}: a ring of the last {@code size} responses and the exact bundle of them. */
final class WindowSignature extends LiveSignature {
    private final Hypervector[] ring;
    private final Bundler bundler;
    private int next;
    private int filled;

    WindowSignature(Hypervector tieBreak, int size) {
        super(tieBreak);
        this.ring = new Hypervector[size];
        this.bundler = new Bundler(tieBreak);
    }

    @Override
    void accept(Hypervector response) {
        if (filled == ring.length) {
            bundler.remove(ring[next]);
        } else {
            filled++;
        }
        bundler.add(response);
        ring[next] = response;
        next = next + 1 == ring.length ? 0 : next + 1;
    }

    @Override
    public double weight() {
        return filled;
    }

    @Override
    public double[] mean() {
        return BundleMean.of(bundler);
    }

    @Override
    public Hypervector majority() {
        return bundler.majority();
    }

    @Override
    public UpdateStrategy strategy() {
        return UpdateStrategy.SLIDING_WINDOW;
    }
}
