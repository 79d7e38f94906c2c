package dev.assay.core.contract;

import java.time.Duration;
import java.util.Objects;

/** When a trigger fires, counted over one episode of failing windows (an episode ends at a PASS). */
public sealed interface Condition permits Condition.Consecutive, Condition.FailingFor {

    /** Fires on the {@code windows}-th failing window of an episode. */
    record Consecutive(int windows) implements Condition {
        public Consecutive {
            if (windows < 1) throw new IllegalArgumentException("consecutive windows must be >= 1, but was " + windows);
        }
    }

    /** Fires on the first failing window whose end is at least {@code duration} after the start of the episode's first failing window. */
    record FailingFor(Duration duration) implements Condition {
        public FailingFor {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("failingFor must be positive, but was " + duration);
            }
        }
    }
}
