package dev.assay.fingerprint.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probe sets and selection on real response logs (AgentDojo, ../shared/data: fails in CI when absent, skipped elsewhere). */
class ProbeAgentDojoTest {
    @Test
    void aResponseLogIsAProbeSetWhoseIdIsItsSignaturesAndEveryStrategyOrdersAllItsProbes() {
        Path dir = TestEnvironment.sharedData().resolve("fingerprint/agentdojo-responses");
        ResponseEncoder encoder = new ResponseEncoder(EncoderConfig.of(2048, "assay"));
        List<Signature> refs = new ArrayList<>();
        ProbeSet set = ProbeSet.read(dir.resolve("command-r.jsonl"));
        assertThat(set.size()).isEqualTo(194);
        for (String model : List.of("command-r", "gemini-1-5-pro-002", "claude-3-haiku-20240307")) {
            List<Response> rs = ResponseLog.readAll(dir.resolve(model + ".jsonl"), ResponseLog.Options.STRICT);
            var b = Signature.builder(encoder.config(), model).sampleLimit(0);
            for (Response r : rs) b.add(encoder.encode(r));
            refs.add(b.build());
        }
        assertThat(set.id()).isEqualTo(refs.get(0).probeSetId());
        Separation sep = Separation.fromReferences(refs, set.ids());
        assertThat(sep.basis()).isEqualTo(Separation.Basis.ACROSS_PROBES);
        assertThat(sep.totals().values()).allMatch(t -> t > 0);
        for (Strategy s : List.of(Strategy.RANDOM, Strategy.DIVERSITY, Strategy.INFORMATION_GAIN)) {
            ProbeSet order = ProbeSelector.select(s, set, sep, encoder.config(), set.size(), 1);
            assertThat(order.ids()).as(s.name()).containsExactlyInAnyOrderElementsOf(set.ids());
            assertThat(order.id()).isEqualTo(set.id());
        }
        // AgentDojo asks each text twice (with and without an injection): diversity takes no text twice before it has to
        ProbeSet diverse = ProbeSelector.diversity(set, encoder.config(), 97, 1);
        assertThat(diverse.probes().stream().map(Probe::prompt).distinct().count()).isGreaterThan(90);
    }
}
