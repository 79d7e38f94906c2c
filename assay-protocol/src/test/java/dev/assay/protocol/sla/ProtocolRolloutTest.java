package dev.assay.protocol.sla;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerKeys;
import dev.assay.core.ledger.LedgerQuery;
import dev.assay.core.registry.Deployment;
import dev.assay.core.registry.Registry;
import dev.assay.core.registry.Stage;
import dev.assay.core.store.Store;
import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.flow.FlowSample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolRolloutTest {
    @TempDir
    Path dir;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    static DiscoveryService version(String name, Function<FlowSample, Classification> fast, SimpleMeterRegistry meters) {
        return DiscoveryService.create(List.of(new DiscoveryService.Tier("validators", QualityMode.FAST, 0, fast)), name, 100, 1, meters,
                System::nanoTime);
    }

    /** A version that only knows ports: worse than the validators on payloads served from unusual ports. */
    static Classification portsOnly(FlowSample f) {
        Classification c = Classifier.standard().classify(f);
        return c.source() == Source.DPI ? new Classification(Classification.UNKNOWN, Source.UNKNOWN, 0, null, List.of()) : c;
    }

    static List<CanaryContract.LabelledFlow> labelled() throws Exception {
        List<CanaryContract.LabelledFlow> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            out.add(new CanaryContract.LabelledFlow(DiscoveryServiceTest.flow("10.0.1." + i, 40000 + i, 8000 + i,
                    "GET /item/" + i + " HTTP/1.1\r\nHost: shop.example\r\n\r\n"), "HTTP"));
            out.add(new CanaryContract.LabelledFlow(DiscoveryServiceTest.flow("10.0.2." + i, 41000 + i, 2200 + i, "SSH-2.0-OpenSSH_9." + i + "\r\n"),
                    "SSH"));
        }
        return out;
    }

    @Test
    void aCanaryTakesItsShareByFlowAndAWorseOneIsRolledBackWithItsFigures() throws Exception {
        try (Store store = Store.sqlite(dir.resolve("r.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC())) {
            Registry registry = Registry.open(store, ledger, Clock.systemUTC());
            DiscoveryService good = version("validators-1", Classifier.standard()::classify, meters);
            DiscoveryService ports = version("ports-1", ProtocolRolloutTest::portsOnly, meters);
            ProtocolRollout rollout = ProtocolRollout.open(registry, List.of(good, ports), "validators-1", "test", Clock.systemUTC(), meters);
            assertThat(registry.model(ProtocolRollout.MODEL)).as("nothing is written before the first request").isEmpty();
            rollout.register();
            assertThat(registry.versions(ProtocolRollout.MODEL)).hasSize(2);
            assertThat(registry.versions(ProtocolRollout.MODEL).get(0).provenance().dataHash()).startsWith("sha256:");
            ProtocolRollout.open(registry, List.of(good, ports), "validators-1", "test", Clock.systemUTC(), new SimpleMeterRegistry()).register();
            assertThat(registry.deployments(ProtocolRollout.MODEL)).as("registering again changes nothing")
                    .extracting(Deployment::stage).containsExactly(Stage.PRIMARY);

            registry.deploy(ProtocolRollout.MODEL, "ports-1", Stage.CANARY, 25, "try the port-only classifier on a quarter of flows");
            Map<String, Long> served = new java.util.TreeMap<>();
            for (CanaryContract.LabelledFlow f : labelled()) {
                served.merge(rollout.discover(DiscoveryRequest.of(f.flow(), QualityMode.FAST)).version(), 1L, Long::sum);
                // the same flow always goes to the same version
                String again = rollout.discover(DiscoveryRequest.of(f.flow(), QualityMode.FAST)).version();
                assertThat(again).isEqualTo(rollout.discover(DiscoveryRequest.of(f.flow(), QualityMode.FAST)).version());
            }
            assertThat(served.get("ports-1")).as("about a quarter of 80 flows: %s", served).isBetween(8L, 34L);
            assertThat(meters.get(ProtocolRollout.AB_REQUESTS).tag("version", "ports-1").tag("stage", "CANARY").counter().count()).isPositive();
            assertThat(meters.get(ProtocolRollout.ACTIVE).tag("version", "validators-1").gauge().value()).isEqualTo(1.0);

            CanaryContract.Report report = CanaryContract.evaluate(good, ports, labelled(), QualityMode.FAST, n -> { });
            assertThat(report.primaryCorrect()).isEqualTo(80);
            assertThat(report.candidateCorrect()).isLessThan(80);
            assertThat(report.accuracyOk()).isFalse();
            assertThat(report.verdict()).isEqualTo(CanaryContract.Verdict.ROLLBACK);
            assertThat(report.reason()).contains("correct on " + report.candidateCorrect() + " of 80 labelled flows vs 80: worse");
            List<Deployment> after = CanaryContract.apply(registry, report);
            assertThat(after.stream().collect(Collectors.toMap(Deployment::version, Deployment::stage)))
                    .containsEntry("validators-1", Stage.PRIMARY).doesNotContainEntry("ports-1", Stage.CANARY);
            assertThat(ledger.search(LedgerQuery.newest(50).ofKind("registry.*")).stream().map(e -> e.payload()).toList())
                    .anyMatch(p -> p.contains("worse"));
        }
    }

    @Test
    void anEqualCandidatePassesTheContractAndIsPromoted() throws Exception {
        try (Store store = Store.sqlite(dir.resolve("p.db"));
             Ledger ledger = Ledger.open(store, LedgerKeys.generate(new SecureRandom()), Clock.systemUTC())) {
            Registry registry = Registry.open(store, ledger, Clock.systemUTC());
            DiscoveryService v1 = version("validators-1", Classifier.standard()::classify, meters);
            DiscoveryService v2 = version("validators-2", Classifier.standard()::classify, meters);
            ProtocolRollout.open(registry, List.of(v1, v2), "validators-1", "test", Clock.systemUTC(), meters).register();
            registry.deploy(ProtocolRollout.MODEL, "validators-2", Stage.CANARY, 10, "same classifier, new build");
            CanaryContract.Report report = CanaryContract.evaluate(v1, v2, labelled(), QualityMode.FAST, n -> { });
            assertThat(report.accuracyOk()).isTrue();
            assertThat(report.reason()).contains("latency p95").contains("at most x1.2");
            // the latency side depends on the machine; the verdict follows both sides exactly
            assertThat(report.verdict() == CanaryContract.Verdict.PROMOTE).isEqualTo(report.latencyOk());
            if (report.verdict() == CanaryContract.Verdict.PROMOTE) {
                assertThat(CanaryContract.apply(registry, report)).filteredOn(d -> d.stage() == Stage.PRIMARY)
                        .extracting(Deployment::version).containsExactly("validators-2");
            }
        }
    }
}
