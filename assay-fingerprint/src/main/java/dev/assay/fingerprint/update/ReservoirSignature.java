package dev.assay.fingerprint.update;

import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@link UpdateStrategy#RESERVOIR_SAMPLING}: Vitter's Algorithm R (J. S. Vitter, "Random sampling with a
 * reservoir", ACM TOMS 11(1), 1985). The first {@code size} responses fill the reservoir; the i-th (1-based,
 * {@code i > size}) draws {@code j} uniform in {@code [0, i)} from a {@link SplittableRandom} seeded with the
 * configured seed and replaces slot {@code j} if {@code j < size}, i.e. with probability {@code size / i} a
 * uniformly chosen slot. After n responses each of them is in the reservoir with probability {@code size / n},
 * and the same seed and responses give the same reservoir. The bundle of the reservoir is kept exact by adding
 * the newcomer and removing the one it replaces.
 */
final class ReservoirSignature extends LiveSignature {
    private final Hypervector[] slots;
    private final Bundler bundler;
    private final SplittableRandom random;
    private int filled;

    ReservoirSignature(Hypervector tieBreak, int size, long seed) {
        super(tieBreak);
        this.slots = new Hypervector[size];
        this.bundler = new Bundler(tieBreak);
        this.random = new SplittableRandom(seed);
    }

    @Override
    void accept(Hypervector response) {
        if (filled < slots.length) {
            slots[filled++] = response;
            bundler.add(response);
            return;
        }
        long j = random.nextLong(seen() + 1);
        if (j < slots.length) {
            bundler.remove(slots[(int) j]);
            bundler.add(response);
            slots[(int) j] = response;
        }
    }

    /** The responses in the reservoir, by slot. */
    List<Hypervector> contents() {
        return List.of(Arrays.copyOf(slots, filled));
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
        return UpdateStrategy.RESERVOIR_SAMPLING;
    }
}
