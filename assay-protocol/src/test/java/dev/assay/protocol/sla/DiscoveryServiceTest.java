package dev.assay.protocol.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.protocol.classify.Classification;
import dev.assay.protocol.classify.Classifier;
import dev.assay.protocol.classify.Source;
import dev.assay.protocol.discover.FormatDescription;
import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.Endpoint;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Segment;
import dev.assay.protocol.flow.Transport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryServiceTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final CountDownLatch never = new CountDownLatch(1);
    private final AtomicInteger learnedCalls = new AtomicInteger();
    private DiscoveryService service;

    @AfterEach
    void close() {
        never.countDown();
        if (service != null) service.close();
    }

    static FlowSample flow(String ip, int aPort, int bPort, String payload) throws Exception {
        return FlowSample.ofPayload(Transport.TCP, new Endpoint(InetAddress.getByName(ip), aPort),
                new Endpoint(InetAddress.getByName("10.0.0.2"), bPort), payload.getBytes());
    }

    /** A learned tier that answers {@code label} after the latch opens (or at once when {@code wait} is false). */
    private Function<FlowSample, Classification> learned(String label, boolean wait) {
        return f -> {
            learnedCalls.incrementAndGet();
            if (wait) {
                try {
                    never.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return new Classification(label, Source.LEARNED, 0.9, null, List.of("learned"));
        };
    }

    private DiscoveryService service(Function<FlowSample, Classification> balanced) {
        service = DiscoveryService.create(List.of(
                new DiscoveryService.Tier("validators", QualityMode.FAST, 0, Classifier.standard()::classify),
                new DiscoveryService.Tier("learned", QualityMode.BALANCED, 8, balanced),
                new DiscoveryService.Tier("learned-all-packets", QualityMode.ACCURATE, 0, balanced)), "test-1", 100, 2, meters, System::nanoTime);
        return service;
    }

    @Test
    void aStructuralAnswerIsFinalForEveryModeAndComesFromTheCacheTheSecondTime() throws Exception {
        service(learned("X", false));
        FlowSample http = flow("10.0.0.1", 50000, 8080, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
        DiscoveryResult first = service.discover(DiscoveryRequest.of(http, QualityMode.BALANCED));
        assertThat(first.classification().source()).isEqualTo(Source.DPI);
        assertThat(first.tiersRun()).containsExactly("validators");
        assertThat(first.fallback()).isEqualTo(Fallback.NONE);
        assertThat(first.cached()).isFalse();
        assertThat(learnedCalls).hasValue(0);

        DiscoveryResult again = service.discover(DiscoveryRequest.of(flow("10.9.9.9", 50000, 8080, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"),
                QualityMode.ACCURATE));
        assertThat(again.cached()).as("same content and ports from another address").isTrue();
        assertThat(again.classification()).isEqualTo(first.classification());
        assertThat(again.slaMet()).isEqualTo(again.elapsed().compareTo(again.deadline()) <= 0);

        assertThat(service.discover(DiscoveryRequest.of(flow("10.0.0.1", 50000, 8080, "GET / HTTP/1.1\r\nHost: example.org\r\n\r\n"),
                QualityMode.FAST)).cached()).as("one payload byte changed").isFalse();
        assertThat(service.discover(DiscoveryRequest.of(flow("10.0.0.1", 50001, 8080, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"),
                QualityMode.FAST)).cached()).as("another port").isFalse();
        assertThat(meters.get(DiscoveryService.CACHE).tag("result", "hit").counter().count()).isEqualTo(1);
    }

    @Test
    void balancedRunsTheLearnedTierWhenTheValidatorsDoNotKnow() throws Exception {
        service(learned("Mystery", false));
        FlowSample opaque = flow("10.0.0.1", 50000, 40000, "\u0001\u0002opaque");
        DiscoveryResult fast = service.discover(DiscoveryRequest.of(opaque, QualityMode.FAST));
        assertThat(fast.classification().label()).isEqualTo(Classification.UNKNOWN);
        assertThat(learnedCalls).hasValue(0);
        DiscoveryResult balanced = service.discover(DiscoveryRequest.of(opaque, QualityMode.BALANCED));
        assertThat(balanced.classification().label()).isEqualTo("Mystery");
        assertThat(balanced.tiersRun()).as("FAST's answer came from the cache").containsExactly("learned");
        assertThat(balanced.fallback()).isEqualTo(Fallback.NONE);
        assertThat(learnedCalls).hasValue(1);
    }

    @Test
    void aTierThatOverrunsIsAbandonedForTheFastAnswerAndThenSkippedWithoutWaiting() throws Exception {
        service(learned("Late", true));
        FlowSample ssh = flow("10.0.0.1", 50000, 22, "\u0001\u0002opaque");
        DiscoveryResult r = service.discover(new DiscoveryRequest(ssh, QualityMode.BALANCED, Duration.ofMillis(100)));
        assertThat(r.classification().label()).isEqualTo("SSH");
        assertThat(r.classification().source()).isEqualTo(Source.PORT);
        assertThat(r.fallback()).isEqualTo(Fallback.FAST_MODEL);
        assertThat(r.tiersSkipped()).containsExactly("learned");
        assertThat(r.slaMet()).isEqualTo(r.elapsed().compareTo(r.deadline()) <= 0);

        DiscoveryResult next = service.discover(new DiscoveryRequest(flow("10.0.0.1", 50000, 22, "\u0001\u0003opaque"), QualityMode.BALANCED,
                Duration.ofMillis(100)));
        assertThat(next.fallback()).isEqualTo(Fallback.FAST_MODEL);
        assertThat(learnedCalls).as("its recent run times say it cannot finish in time").hasValue(1);
        assertThat(meters.get(DiscoveryService.REQUESTS).tag("fallback", "FAST_MODEL").counter().count()).isEqualTo(2);
    }

    @Test
    void withNothingKnownByTheDeadlineTheAnswerIsAnSlaError() throws Exception {
        service(learned("Late", true));
        DiscoveryResult r = service.discover(new DiscoveryRequest(flow("10.0.0.1", 50000, 40000, "\u0001\u0002opaque"), QualityMode.ACCURATE,
                Duration.ofMillis(50)));
        assertThat(r.fallback()).isEqualTo(Fallback.SLA_ERROR);
        assertThat(r.classification().label()).isEqualTo(Classification.UNKNOWN);
        assertThat(r.classification().evidence()).singleElement().asString().contains("deadline of 50 ms");
        assertThat(service.stats().snapshot().modes().get("accurate").fallbacks()).containsEntry("SLA_ERROR", 1L);
    }

    @Test
    void anAccurateRequestFallsBackToACachedBalancedAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Function<FlowSample, Classification> tier = f -> {
            int n = calls.incrementAndGet();
            if (n > 1) {
                try {
                    never.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new Classification("Mystery", Source.LEARNED, 0.8, null, List.of());
        };
        service(tier);
        FlowSample opaque = flow("10.0.0.1", 50000, 40000, "\u0001\u0002opaque");
        assertThat(service.discover(DiscoveryRequest.of(opaque, QualityMode.BALANCED)).fallback()).isEqualTo(Fallback.NONE);
        DiscoveryResult r = service.discover(new DiscoveryRequest(opaque, QualityMode.ACCURATE, Duration.ofMillis(100)));
        assertThat(r.fallback()).isEqualTo(Fallback.CACHED);
        assertThat(r.cached()).isTrue();
        assertThat(r.classification().label()).isEqualTo("Mystery");
        assertThat(r.tiersSkipped()).containsExactly("learned-all-packets");
    }

    @Test
    void deadlinesMustBePositiveAndBoundedAndModesAreNamed() throws Exception {
        FlowSample f = flow("10.0.0.1", 1, 2, "x");
        assertThatThrownBy(() -> new DiscoveryRequest(f, QualityMode.FAST, Duration.ZERO)).hasMessageContaining("deadline must be positive");
        assertThatThrownBy(() -> new DiscoveryRequest(f, QualityMode.FAST, Duration.ofMinutes(5))).hasMessageContaining("at most 60000 ms");
        assertThat(DiscoveryRequest.of(f, QualityMode.BALANCED).deadline()).isEqualTo(Duration.ofMillis(200));
        assertThat(QualityMode.parse(" Balanced ")).isEqualTo(QualityMode.BALANCED);
        assertThatThrownBy(() -> QualityMode.parse("quick")).hasMessage("unknown mode 'quick': expected fast, balanced or accurate");
    }

    @Test
    void theLearnedVersionRunsTheModelInBalancedOnlyWhenTheValidatorsFoundNothing() throws Exception {
        DiscoveryStats shared = new DiscoveryStats();
        try (DiscoveryService learned = DiscoveryService.learned(dev.assay.protocol.learn.LearnedModel.shipped(), DiscoveryService.LEARNED_VERSION,
                meters, shared)) {
            assertThat(learned.tierNames()).hasSize(2).first().isEqualTo("validators");
            assertThat(learned.tierNames().get(1)).startsWith("learned:");
            FlowSample opaque = flow("10.0.0.1", 50000, 40000, "\u0001\u0002opaque");
            DiscoveryResult fast = learned.discover(new DiscoveryRequest(opaque, QualityMode.FAST, Duration.ofSeconds(5)));
            assertThat(fast.tiersRun()).containsExactly("validators");
            DiscoveryResult balanced = learned.discover(new DiscoveryRequest(opaque, QualityMode.BALANCED, Duration.ofSeconds(5)));
            assertThat(balanced.tiersRun()).as("FAST's answer came from the cache").containsExactly(learned.tierNames().get(1));
            assertThat(balanced.slaMet()).isTrue();
            DiscoveryResult accurate = learned.discover(new DiscoveryRequest(opaque, QualityMode.ACCURATE, Duration.ofSeconds(5)));
            assertThat(accurate.tiersRun()).as("ACCURATE's answer is BALANCED's, from the cache: no tier reads more").isEmpty();
            assertThat(accurate.cached()).isTrue();
            assertThat(accurate.classification()).isEqualTo(balanced.classification());
            FlowSample http = flow("10.0.0.1", 50000, 8080, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
            DiscoveryResult structural = learned.discover(new DiscoveryRequest(http, QualityMode.ACCURATE, Duration.ofSeconds(5)));
            assertThat(structural.tiersRun()).as("a structural answer stands for every mode").containsExactly("validators");
            assertThat(structural.classification().label()).isEqualTo("HTTP");
            assertThat(shared.snapshot().flows()).isEqualTo(4);
        }
    }

    /**
     * A made-up request/reply protocol over UDP that no validator knows: a 2-byte big-endian transaction id echoed in
     * the reply, a type byte (1 request, 2 reply), a 2-byte counter, a 2-byte length of what follows, then that many bytes.
     */
    static FlowSample madeUpDatagrams(int exchanges) throws Exception {
        List<Segment> segments = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < exchanges; i++) {
            int id = random.nextInt(65_536);
            for (Direction d : Direction.values()) {
                byte[] body = new byte[4 + random.nextInt(20)];
                random.nextBytes(body);
                byte[] m = new byte[7 + body.length];
                m[0] = (byte) (id >> 8);
                m[1] = (byte) id;
                m[2] = (byte) (d == Direction.A_TO_B ? 1 : 2);
                m[3] = 0;
                m[4] = (byte) i;
                m[5] = 0;
                m[6] = (byte) body.length;
                System.arraycopy(body, 0, m, 7, body.length);
                segments.add(new Segment(d, 1000L * segments.size(), m.length + 42, m));
            }
        }
        return new FlowSample(Transport.UDP, new Endpoint(InetAddress.getByName("10.0.0.1"), 41000),
                new Endpoint(InetAddress.getByName("10.0.0.2"), 47000), -1, segments, segments.size());
    }

    private Function<FlowSample, Classification> unknownTier() {
        return f -> {
            learnedCalls.incrementAndGet();
            return new Classification(Classification.UNKNOWN, Source.UNKNOWN, 0, null, List.of("below the open-set threshold"));
        };
    }

    @Test
    void accurateInfersTheMessageFormatOfAFlowNoTierNamed() throws Exception {
        service(unknownTier());
        FlowSample flow = madeUpDatagrams(12);
        DiscoveryResult balanced = service.discover(new DiscoveryRequest(flow, QualityMode.BALANCED, Duration.ofSeconds(10)));
        assertThat(balanced.classification().label()).isEqualTo(Classification.UNKNOWN);
        assertThat(balanced.format()).as("BALANCED does not infer formats").isEmpty();

        DiscoveryResult accurate = service.discover(new DiscoveryRequest(flow, QualityMode.ACCURATE, Duration.ofSeconds(10)));
        assertThat(accurate.classification().label()).isEqualTo(Classification.UNKNOWN);
        assertThat(accurate.tiersRun()).containsExactly("learned-all-packets", DiscoveryService.FORMAT_STEP);
        assertThat(accurate.fallback()).isEqualTo(Fallback.NONE);
        FormatDescription format = accurate.format().orElseThrow();
        assertThat(format.messages()).isEqualTo(24);
        String text = format.toJson().toString();
        assertThat(text).as("the echoed transaction id and the length of what follows").contains("ECHOED_ID").contains("LENGTH");

        DiscoveryResult again = service.discover(new DiscoveryRequest(flow, QualityMode.ACCURATE, Duration.ofSeconds(10)));
        assertThat(again.cached()).isTrue();
        assertThat(again.format()).isEqualTo(accurate.format());
        assertThat(service.discover(new DiscoveryRequest(flow, QualityMode.BALANCED, Duration.ofSeconds(10))).format())
                .as("a cached answer shows the format only to ACCURATE").isEmpty();
    }

    @Test
    void aNamedFlowGetsNoFormatStep() throws Exception {
        service(learned("Mystery", false));
        DiscoveryResult r = service.discover(new DiscoveryRequest(madeUpDatagrams(12), QualityMode.ACCURATE, Duration.ofSeconds(10)));
        assertThat(r.classification().label()).isEqualTo("Mystery");
        assertThat(r.tiersRun()).doesNotContain(DiscoveryService.FORMAT_STEP);
        assertThat(r.format()).isEmpty();
    }

    @Test
    void aFormatStepThatOverrunsLeavesTheUnknownAsAPartialAnswer() throws Exception {
        AtomicInteger formatCalls = new AtomicInteger();
        Function<FlowSample, Optional<FormatDescription>> slow = f -> {
            formatCalls.incrementAndGet();
            try {
                never.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.empty();
        };
        service = DiscoveryService.create(List.of(
                new DiscoveryService.Tier("validators", QualityMode.FAST, 0, Classifier.standard()::classify),
                new DiscoveryService.Tier("learned", QualityMode.BALANCED, 8, unknownTier())), slow, "test-1", 100, 2, meters, System::nanoTime);
        FlowSample flow = madeUpDatagrams(12);
        assertThat(service.discover(new DiscoveryRequest(flow, QualityMode.BALANCED, Duration.ofSeconds(10))).tiersRun())
                .containsExactly("validators", "learned");
        DiscoveryResult r = service.discover(new DiscoveryRequest(flow, QualityMode.ACCURATE, Duration.ofMillis(100)));
        assertThat(r.classification().label()).isEqualTo(Classification.UNKNOWN);
        assertThat(r.tiersRun()).as("the classification came from the cache").isEmpty();
        assertThat(r.tiersSkipped()).containsExactly(DiscoveryService.FORMAT_STEP);
        assertThat(r.fallback()).isEqualTo(Fallback.PARTIAL);
        assertThat(r.format()).isEmpty();

        DiscoveryResult next = service.discover(new DiscoveryRequest(flow, QualityMode.ACCURATE, Duration.ofMillis(100)));
        assertThat(next.cached()).as("the classification was kept as BALANCED's").isTrue();
        assertThat(next.tiersSkipped()).as("its recent run times say it cannot finish in time").containsExactly(DiscoveryService.FORMAT_STEP);
        assertThat(formatCalls).hasValue(1);
        assertThat(learnedCalls).hasValue(1);
    }

    @Test
    void everyProtocolMeterCarriesTheVersionUnderItsPrometheusName() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (DiscoveryService one = DiscoveryService.create(List.of(
                new DiscoveryService.Tier("validators", QualityMode.FAST, 0, Classifier.standard()::classify),
                new DiscoveryService.Tier("learned", QualityMode.BALANCED, 8, f -> { throw new IllegalStateException("broken model"); })),
                "v-one", 100, 2, prometheus, System::nanoTime);
             DiscoveryService two = DiscoveryService.create(List.of(
                new DiscoveryService.Tier("validators", QualityMode.FAST, 0, Classifier.standard()::classify)), "v-two", 100, 2, prometheus,
                System::nanoTime)) {
            FlowSample opaque = flow("10.0.0.1", 50000, 40000, "\u0001\u0002opaque");
            one.discover(new DiscoveryRequest(opaque, QualityMode.BALANCED, Duration.ofSeconds(5)));
            FlowSample http = flow("10.0.0.1", 50000, 8080, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n");
            two.discover(DiscoveryRequest.of(http, QualityMode.FAST));
            two.discover(DiscoveryRequest.of(http, QualityMode.FAST));
            String scrape = prometheus.scrape();
            for (String series : List.of("assay_protocol_latency_seconds_bucket", "assay_protocol_sla_violations_total",
                    "assay_protocol_requests_total", "assay_protocol_confidence_bucket", "assay_protocol_cache_requests_total",
                    "assay_protocol_tier_errors_total")) {
                List<String> lines = scrape.lines().filter(l -> l.startsWith(series + "{")).toList();
                assertThat(lines).as(series).isNotEmpty().allMatch(l -> l.contains("version=\"v-one\"") || l.contains("version=\"v-two\""));
            }
            assertThat(scrape).contains("assay_protocol_tier_errors_total{tier=\"learned\",version=\"v-one\"} 1.0");
            assertThat(scrape).containsPattern("assay_protocol_requests_total\\{fallback=\"SLA_ERROR\",mode=\"balanced\",source=\"UNKNOWN\",version=\"v-one\"\\} 1.0");
            assertThat(scrape).contains("assay_protocol_cache_requests_total{result=\"hit\",version=\"v-two\"} 1.0");
        } finally {
            prometheus.close();
        }
    }
}
