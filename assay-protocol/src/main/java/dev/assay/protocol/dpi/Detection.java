package dev.assay.protocol.dpi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the validators concluded about a flow: the protocol as nDPI spells it ({@code TLS},
 * {@code DNS}, {@code IEC60870}), the application on top when the flow names a known host
 * ({@code YouTube} for {@code TLS.YouTube}), a confidence in [0, 1], the checks that passed,
 * and the best other protocol whose validator also matched, if any.
 */
public record Detection(String label, Optional<String> application, double confidence,
                        List<Check> evidence, Optional<RunnerUp> runnerUp) {
    public Detection {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(runnerUp, "runnerUp");
        if (!(confidence >= 0 && confidence <= 1)) throw new IllegalArgumentException("confidence outside [0, 1]: " + confidence);
        evidence = List.copyOf(evidence);
    }

    /** nDPI's {@code MASTER.APP} form: {@code TLS.YouTube}, or the label alone. */
    public String fullLabel() {
        return application.map(app -> label + "." + app).orElse(label);
    }

    /** How far ahead of the runner-up the detection is (its confidence when nothing else matched). */
    public double margin() {
        return confidence - runnerUp.map(RunnerUp::confidence).orElse(0.0);
    }

    /** A second protocol whose validator matched the same flow, with its confidence. */
    public record RunnerUp(String label, double confidence) {
        public RunnerUp {
            Objects.requireNonNull(label, "label");
        }
    }
}
