package dev.assay.core.contract;

import java.util.ArrayList;
import java.util.List;

/** Receives the rule violations of {@link Check#validate} and {@link Contract#validate}, each naming the field it concerns. */
interface Problems {
    /** {@code field} is the component the rule reads ({@code minSamples}), empty for a rule over the whole; {@code message} is complete. */
    void add(String field, String message);

    default void require(boolean ok, String field, String message) {
        if (!ok) add(field, message);
    }

    /** Collects messages for a compact constructor, which throws them all at once. */
    final class Collected implements Problems {
        private final List<String> messages = new ArrayList<>();

        @Override
        public void add(String field, String message) {
            messages.add(message);
        }

        /** Throws an IllegalArgumentException naming every problem, if there is any. */
        void throwIfAny() {
            if (!messages.isEmpty()) throw new IllegalArgumentException(String.join("; ", messages));
        }
    }
}
