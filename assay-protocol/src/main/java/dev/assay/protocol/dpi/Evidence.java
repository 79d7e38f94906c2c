package dev.assay.protocol.dpi;

import java.util.ArrayList;
import java.util.List;

/** The checks a validator has passed so far, and the match they add up to. */
final class Evidence {
    /** The confidence a match reaches: {@code 1 - 2^(-bits / BITS_PER_HALVING)}, capped. */
    static final double BITS_PER_HALVING = 8;
    static final double MAX_CONFIDENCE = 0.99;

    private final List<Check> checks = new ArrayList<>();

    /** Records a check that read {@code n} bytes of {@code b} from {@code offset}. */
    Evidence add(String name, double bits, Bytes b, int offset, int n) {
        return add(name, bits, b.range(offset, n));
    }

    /** Records a check that read several ranges (empty ones, which cite no byte, are left out). */
    Evidence add(String name, double bits, ByteRange... reads) {
        int n = 0;
        for (ByteRange r : reads) if (r.length() > 0) n++;
        ByteRange[] read = new ByteRange[n];
        n = 0;
        for (ByteRange r : reads) if (r.length() > 0) read[n++] = r;
        checks.add(new Check(name, bits, List.of(read)));
        return this;
    }

    /** Records a check on the flow's ports (it reads no payload). */
    Evidence port(String name, double bits) {
        checks.add(new Check(name, bits, List.of()));
        return this;
    }

    double bits() {
        return checks.stream().mapToDouble(Check::bits).sum();
    }

    int size() {
        return checks.size();
    }

    Match match(String label) {
        return match(label, null);
    }

    Match match(String label, String application) {
        double confidence = Math.min(MAX_CONFIDENCE, 1 - Math.pow(2, -bits() / BITS_PER_HALVING));
        return new Match(label, application, confidence, List.copyOf(checks));
    }
}
