package dev.assay.core.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the contract tests. */
final class Fixtures {
    static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");
    static final Duration MINUTE = Duration.ofMinutes(1);

    private Fixtures() {}

    /** Window number {@code index} (one minute each from T0) holding {@code values} of {@code metric} in slice "all". */
    static Window window(int index, String metric, double... values) {
        Instant start = T0.plus(MINUTE.multipliedBy(index));
        List<Observation> obs = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            obs.add(new Observation(metric, "all", start.plusMillis(i % 60_000), values[i]));
        }
        return new Window(start, start.plus(MINUTE), obs);
    }

    /** A synthetic evaluation of {@code verdict} for window number {@code index}. */
    static Evaluation evaluation(Verdict verdict, int index) {
        Instant start = T0.plus(MINUTE.multipliedBy(index));
        Evidence e = new Evidence(Statistic.MEAN, Op.LE, 1.0, verdict == Verdict.NO_DATA ? Double.NaN : 2.0, 2.0,
                Double.NaN, Double.NaN, verdict == Verdict.NO_DATA ? 0 : 5, start, start.plus(MINUTE));
        return new Evaluation("c", verdict, false, e, verdict.name());
    }
}
