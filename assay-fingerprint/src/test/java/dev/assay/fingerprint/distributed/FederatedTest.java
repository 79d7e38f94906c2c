package dev.assay.fingerprint.distributed;

import static dev.assay.fingerprint.distributed.Fixtures.CONFIG;
import static dev.assay.fingerprint.distributed.Fixtures.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.Features;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.signature.ProbeCounts;
import dev.assay.fingerprint.signature.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class FederatedTest {
    private static final ExecutorService POOL = Executors.newFixedThreadPool(4);
    private static final int PER_PROBE = 100;
    /** Four sites, each with 100 responses (all with a vector output) to each of three probes. */
    private static final List<Site> SITES = sites();

    @AfterAll
    static void shutdown() {
        POOL.close();
    }

    private static List<Site> sites() {
        List<Site> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(11);
        for (String name : List.of("a", "b", "c", "d")) {
            List<Response> rs = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                for (int i = 0; i < PER_PROBE; i++) rs.add(Fixtures.response(random, "p" + p, true));
            }
            out.add(new Site(name, rs));
        }
        return out;
    }

    private static List<Response> all(List<Site> sites) {
        return sites.stream().flatMap(s -> s.responses().stream()).toList();
    }

    @Test
    void federated_withoutNoise_isTheCentralSignatureByteForByte() {
        List<Site> sites = List.of(new Site("x", Fixtures.responses(5, 50, 4)), new Site("y", Fixtures.responses(6, 30, 4)),
                new Site("z", List.of()));
        FederatedResult result = DistributedSignatures.federated(sites, SPEC, SiteNoise.NONE, 7, POOL);
        assertThat(result.merged().toBytes()).isEqualTo(Fixtures.central(all(sites)).toBytes());
        assertThat(result.sites()).isEqualTo(3);
        assertThat(result.epsilon()).isNaN();
        assertThat(result.noised()).isFalse();
        assertThat(result.mechanism()).isEqualTo("none");
        assertThat(result.seed()).isEqualTo(7);
    }

    @Test
    void geometricNoise_drawsTheTwoSidedGeometricDistribution() {
        double epsilon = 0.5;
        double a = Math.exp(-epsilon);
        GeometricNoise noise = new GeometricNoise(epsilon, new SplittableRandom(3));
        int n = 200_000;
        double sum = 0;
        double squares = 0;
        int zeros = 0;
        int ones = 0;
        for (int i = 0; i < n; i++) {
            long x = noise.draw();
            sum += x;
            squares += (double) x * x;
            if (x == 0) zeros++;
            if (x == 1) ones++;
        }
        double variance = 2 * a / ((1 - a) * (1 - a));
        assertThat(GeometricNoise.variance(epsilon)).isCloseTo(variance, within(1e-12));
        assertThat(sum / n).isCloseTo(0, within(0.05));
        assertThat(squares / n).isCloseTo(variance, within(0.03 * variance));
        assertThat(zeros / (double) n).isCloseTo((1 - a) / (1 + a), within(0.005));
        assertThat(ones / (double) n).isCloseTo((1 - a) / (1 + a) * a, within(0.005));
    }

    @Test
    void geometricNoise_clampsToTheCountersRange() {
        GeometricNoise huge = new GeometricNoise(1e-3, new SplittableRandom(1));
        for (int i = 0; i < 1_000; i++) assertThat(huge.noised(5, 10)).isBetween(0L, 10L);
        assertThat(new GeometricNoise(1e-300, new SplittableRandom(2)).noised(3, 7)).isBetween(0L, 7L);
    }

    @Test
    void federated_withNoise_errorsHaveTheTwoSidedGeometricVariance() {
        double epsilon = 1.0;
        Signature central = Fixtures.central(all(SITES));
        SignatureCounters exact = SignatureCounters.of(central);
        List<SignatureCounters> siteExact = SITES.stream().map(s -> SignatureCounters.of(Fixtures.central(s.responses()))).toList();
        int margin = 20;
        double sum = 0;
        double squares = 0;
        long samples = 0;
        for (long seed = 0; seed < 6; seed++) {
            FederatedResult result = DistributedSignatures.federated(SITES, SPEC, SiteNoise.geometric(epsilon), seed, POOL);
            assertThat(result.epsilon()).isEqualTo(epsilon);
            assertThat(result.noised()).isTrue();
            assertThat(result.seed()).isEqualTo(seed);
            SignatureCounters noised = SignatureCounters.of(result.merged());
            assertThat(noised).isNotEqualTo(exact);
            for (String probe : exact.probeIds()) {
                assertThat(noised.count(probe)).isEqualTo(exact.count(probe));
                for (int part = 0; part < 2; part++) {
                    long[] got = part == 0 ? noised.text(probe) : noised.vector(probe);
                    long[] want = part == 0 ? exact.text(probe) : exact.vector(probe);
                    for (int i = 0; i < CONFIG.dimension(); i++) {
                        if (!interior(siteExact, probe, part, i, margin)) continue;
                        double error = got[i] - want[i];
                        sum += error;
                        squares += error * error;
                        samples++;
                    }
                }
            }
        }
        double expected = SITES.size() * GeometricNoise.variance(epsilon);
        assertThat(samples).isGreaterThan(5_000);
        assertThat(sum / samples).isCloseTo(0, within(5 * Math.sqrt(expected / samples)));
        assertThat(squares / samples).isCloseTo(expected, within(0.1 * expected));
    }

    /** Whether every site's exact count at position i is at least {@code margin} from 0 and from its probe's count. */
    private static boolean interior(List<SignatureCounters> sites, String probe, int part, int i, int margin) {
        for (SignatureCounters s : sites) {
            long c = (part == 0 ? s.text(probe) : s.vector(probe))[i];
            if (c < margin || c > PER_PROBE - margin) return false;
        }
        return true;
    }

    @Test
    void federated_largerEpsilonGivesSmallerError() {
        SignatureCounters exact = SignatureCounters.of(Fixtures.central(all(SITES)));
        double previous = Double.POSITIVE_INFINITY;
        for (double epsilon : new double[] {0.25, 1, 4}) {
            SignatureCounters noised = SignatureCounters.of(DistributedSignatures.federated(SITES, SPEC, SiteNoise.geometric(epsilon), 9, POOL).merged());
            double abs = 0;
            int n = 0;
            for (String probe : exact.probeIds()) {
                long[] got = noised.text(probe);
                long[] want = exact.text(probe);
                for (int i = 0; i < got.length; i++, n++) abs += Math.abs(got[i] - want[i]);
            }
            double meanAbs = abs / n;
            assertThat(meanAbs).isLessThan(previous);
            previous = meanAbs;
        }
    }

    @Test
    void sitePayload_withNoise_isReproducibleAndCarriesCountersOnly() {
        Site site = SITES.get(0);
        SitePayload one = DistributedSignatures.sitePayload(site, SPEC, SiteNoise.geometric(0.5), 42);
        assertThat(DistributedSignatures.sitePayload(site, SPEC, SiteNoise.geometric(0.5), 42)).isEqualTo(one);
        assertThat(DistributedSignatures.sitePayload(site, SPEC, SiteNoise.geometric(0.5), 43)).isNotEqualTo(one);
        Signature sent = Signature.fromBytes(one.signature(), "payload");
        Signature exact = Fixtures.central(site.responses());
        assertThat(sent.sampleLimit()).isZero();
        assertThat(sent.sample()).isEmpty();
        assertThat(sent.sources()).isEmpty();
        assertThat(sent.modelId()).isEqualTo("m");
        assertThat(sent.probes().keySet()).isEqualTo(exact.probes().keySet());
        for (ProbeCounts p : sent.probes().values()) {
            assertThat(p.count()).isEqualTo(exact.probe(p.probeId()).count());
            assertThat(p.vectorCount()).isBetween(0L, p.count());
            for (Features.Feature f : Features.Feature.values()) assertThat(p.featureSum(f)).isZero();
        }
        assertThat(SignatureCounters.of(sent)).isNotEqualTo(SignatureCounters.of(exact));
    }

    @Test
    void counterSignatures_holdExactlyTheCountersGiven() {
        Signature exact = Fixtures.central(Fixtures.responses(8, 70, 3));
        Signature rebuilt = CounterSignatures.of("m", SignatureCounters.of(exact), "test");
        assertThat(SignatureCounters.of(rebuilt)).isEqualTo(SignatureCounters.of(exact));
        assertThat(rebuilt.probeSetId()).isEqualTo(exact.probeSetId());
        assertThat(rebuilt.sampleLimit()).isZero();
        assertThat(Signature.fromBytes(rebuilt.toBytes(), "again")).isEqualTo(rebuilt);
    }

    @Test
    void coordinator_refusesASiteWithAnotherEncoderConfigNamingIt() {
        SignatureSpec other = new SignatureSpec(new EncoderConfig(256, "other", 3, 1 << 20), "m", 16);
        List<SitePayload> payloads = List.of(DistributedSignatures.sitePayload(SITES.get(0), SPEC, SiteNoise.NONE, 1),
                DistributedSignatures.sitePayload(SITES.get(1), other, SiteNoise.NONE, 1));
        assertThatThrownBy(() -> DistributedSignatures.coordinate(payloads, CONFIG, SiteNoise.NONE, 1))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("site b: encoder configurations differ").hasMessageContaining("seed seed vs other");
    }

    @Test
    void coordinator_refusesATamperedPayloadNamingTheSite() {
        SitePayload good = DistributedSignatures.sitePayload(SITES.get(2), SPEC, SiteNoise.NONE, 1);
        byte[] bytes = good.signature();
        bytes[bytes.length / 2] ^= 0x01;
        List<SitePayload> payloads = List.of(DistributedSignatures.sitePayload(SITES.get(0), SPEC, SiteNoise.NONE, 1),
                new SitePayload("c", bytes));
        assertThatThrownBy(() -> DistributedSignatures.coordinate(payloads, CONFIG, SiteNoise.NONE, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("signature from site c");
    }

    @Test
    void coordinator_refusesDuplicateSitesAndRawSamplesUnderNoise() {
        SitePayload exact = DistributedSignatures.sitePayload(SITES.get(0), SPEC, SiteNoise.NONE, 1);
        assertThatThrownBy(() -> DistributedSignatures.coordinate(List.of(exact, exact), CONFIG, SiteNoise.NONE, 1))
                .isInstanceOf(InvalidInputException.class).hasMessage("site a sent more than one signature");
        assertThatThrownBy(() -> DistributedSignatures.coordinate(List.of(exact), CONFIG, SiteNoise.geometric(1), 1))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("site a sent sampled responses");
        assertThatThrownBy(() -> DistributedSignatures.coordinate(List.of(), CONFIG, SiteNoise.NONE, 1))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("payloads");
    }

    @Test
    void badNoiseParameters_areRefusedNamingTheValue() {
        assertThatThrownBy(() -> SiteNoise.geometric(0)).isInstanceOf(InvalidInputException.class)
                .hasMessage("epsilon must be positive and finite, but was 0.0");
        assertThatThrownBy(() -> SiteNoise.geometric(Double.NaN)).isInstanceOf(InvalidInputException.class)
                .hasMessage("epsilon must be positive and finite, but was NaN");
        assertThatThrownBy(() -> SiteNoise.geometric(Double.POSITIVE_INFINITY)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("Infinity");
        assertThatThrownBy(() -> new Site(" ", List.of())).isInstanceOf(InvalidInputException.class).hasMessageContaining("site name");
    }
}
