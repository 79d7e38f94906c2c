package dev.assay.fingerprint.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncodedResponse;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.hv.Bundler;
import dev.assay.fingerprint.hv.Hypervector;
import dev.assay.fingerprint.signature.ProbeCounts;
import dev.assay.fingerprint.signature.Signature;
import java.io.ByteArrayInputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EdgeReferenceTest {
    static final ResponseEncoder ENCODER = new ResponseEncoder(EncoderConfig.DEFAULT);
    static final int PROBES = 40;
    static Signature a;
    static List<EncodedResponse> heldOutA;
    static List<EncodedResponse> heldOutB;
    static final Map<Level, EdgeReference> REFS = new EnumMap<>(Level.class);

    @BeforeAll
    static void exportModelA() {
        a = Fixtures.signature(EncoderConfig.DEFAULT, "model-a", Fixtures.styled(ENCODER, Fixtures.FORMAL, PROBES, 10, 1), 512);
        heldOutA = Fixtures.styled(ENCODER, Fixtures.FORMAL, PROBES, 6, 2);
        heldOutB = Fixtures.styled(ENCODER, Fixtures.CASUAL, PROBES, 6, 3);
        for (Level level : Level.values()) {
            EdgePackage p = EdgePackage.export(a, level, Fixtures.SEED);
            REFS.put(level, EdgePackage.read(new ByteArrayInputStream(p.bytes()), EdgePackage.publicKey(Fixtures.SEED)).reference());
        }
    }

    /** {@code sets} disjoint sets of {@code k} responses, drawn without replacement by a seeded shuffle. */
    static List<List<EncodedResponse>> sets(List<EncodedResponse> pool, int k, int sets, long seed) {
        List<EncodedResponse> shuffled = new java.util.ArrayList<>(pool);
        java.util.Collections.shuffle(shuffled, new java.util.Random(seed));
        List<List<EncodedResponse>> out = new java.util.ArrayList<>();
        for (int s = 0; s < sets; s++) out.add(shuffled.subList(s * k, (s + 1) * k));
        return out;
    }

    @Test
    void aPackageOfModelAAcceptsHeldOutResponsesOfAAndRejectsModelB_atEveryLevel() {
        for (Level level : Level.values()) {
            EdgeReference ref = REFS.get(level);
            for (int k : new int[] {1, 4, 16}) {
                int sets = heldOutA.size() / k;
                int acceptedA = 0;
                int acceptedB = 0;
                for (List<EncodedResponse> c : sets(heldOutA, k, sets, k)) {
                    EdgeDecision d = ref.decide(c);
                    assertThat(d.calibratedK()).isEqualTo(k);
                    if (d.matches()) acceptedA++;
                }
                for (List<EncodedResponse> c : sets(heldOutB, k, sets, k)) {
                    if (ref.decide(c).matches()) acceptedB++;
                }
                assertThat(acceptedA).as("%s k=%d: sets of A accepted", level, k).isGreaterThanOrEqualTo((int) Math.floor(0.9 * sets));
                assertThat(acceptedB).as("%s k=%d: sets of B accepted", level, k).isZero();
            }
        }
    }

    @Test
    void theMinimalScoreIsTheCosineOfTheCandidateMeanAgainstThePrefixOfTheMajority() {
        EdgeReference ref = REFS.get(Level.MINIMAL);
        assertThat(ref.dimension()).isEqualTo(4096);
        assertThat(ref.prototypeBits()).isEqualTo(1);
        Bundler all = null;
        for (ProbeCounts p : a.probes().values()) all = all == null ? p.text() : all.merge(p.text());
        Hypervector majority = all.majority();
        List<EncodedResponse> c = heldOutA.subList(0, 5);
        double dot = 0;
        double norm = 0;
        for (int i = 0; i < 4096; i++) {
            double x = 0;
            for (EncodedResponse r : c) x += r.text().get(i) ? 1 : -1;
            dot += x * (majority.get(i) ? 1 : -1);
            norm += x * x;
        }
        assertThat(ref.score(c)).isCloseTo(dot / Math.sqrt(norm) / Math.sqrt(4096), within(1e-12));
    }

    @Test
    void theBalancedScoreUsesFourBitMeansOfTheExactCounts() {
        EdgeReference ref = REFS.get(Level.BALANCED);
        assertThat(ref.dimension()).isEqualTo(8192);
        assertThat(ref.prototypeBits()).isEqualTo(4);
        Bundler all = null;
        for (ProbeCounts p : a.probes().values()) all = all == null ? p.text() : all.merge(p.text());
        long[] counts = all.counts();
        List<EncodedResponse> c = heldOutB.subList(0, 3);
        double dot = 0;
        double nx = 0;
        double np = 0;
        for (int i = 0; i < 8192; i++) {
            double x = 0;
            for (EncodedResponse r : c) x += r.text().get(i) ? 1 : -1;
            double m = 2 * Math.round(counts[i] * 15.0 / all.count()) / 15.0 - 1;
            dot += x * m;
            nx += x * x;
            np += m * m;
        }
        assertThat(ref.score(c)).isCloseTo(dot / Math.sqrt(nx * np), within(1e-9));
    }

    @Test
    void theReferenceCarriesTheSignaturesProvenanceAndThresholds() {
        for (EdgeReference ref : REFS.values()) {
            assertThat(ref.modelId()).isEqualTo("model-a");
            assertThat(ref.encoderConfig()).isEqualTo(EncoderConfig.DEFAULT);
            assertThat(ref.signatureDigest()).isEqualTo(a.digest());
            assertThat(ref.merkleRoot()).isEqualTo(a.merkleRoot());
            assertThat(ref.responses()).isEqualTo(a.responses());
            assertThat(ref.signatureProbes()).isEqualTo(PROBES);
            assertThat(ref.alpha()).isEqualTo(ExportConfig.DEFAULT_ALPHA);
            assertThat(ref.calibrations()).extracting(Calibration::k).containsExactly(1, 4, 16);
            assertThat(ref.calibrations()).extracting(Calibration::threshold).isSorted();
            assertThat(ref.featureMean(dev.assay.fingerprint.encode.Features.Feature.WORDS))
                    .isCloseTo(a.probes().values().stream().mapToLong(p -> p.featureSum(dev.assay.fingerprint.encode.Features.Feature.WORDS)).sum()
                            / (double) a.responses(), within(1e-4));
        }
        assertThat(REFS.get(Level.MINIMAL).probes()).isEmpty();
        assertThat(REFS.get(Level.BALANCED).probes()).isNotEmpty();
        assertThat(REFS.get(Level.FULL).probes()).hasSize(PROBES);
        assertThat(REFS.get(Level.FULL).sample()).isNotEmpty().allSatisfy(v -> assertThat(v.dimension()).isEqualTo(1024));
    }

    @Test
    void aResponseToAHeldProbeIsCloserToItsMajorityWhenItIsOfTheSameModel() {
        EdgeReference ref = REFS.get(Level.FULL);
        for (int i = 0; i < PROBES; i++) {
            EncodedResponse ra = heldOutA.get(i);
            EncodedResponse rb = heldOutB.get(i);
            assertThat(ra.probeId()).isEqualTo(rb.probeId());
            assertThat(ref.probeSimilarity(ra).orElseThrow()).isGreaterThan(ref.probeSimilarity(rb).orElseThrow());
        }
        EncodedResponse unknown = new EncodedResponse("no-such-probe", heldOutA.get(0).text(), heldOutA.get(0).structure(),
                null, heldOutA.get(0).features());
        assertThat(ref.probeSimilarity(unknown)).isEmpty();
    }

    @Test
    void responsesEncodedDirectlyAtThePackageDimensionScoreAsTheirPrefixes() {
        EdgeReference ref = REFS.get(Level.MINIMAL);
        ResponseEncoder small = new ResponseEncoder(EncoderConfig.of(ref.dimension(), EncoderConfig.DEFAULT_SEED));
        SplittableRandom rnd = new SplittableRandom(9);
        List<dev.assay.fingerprint.response.Response> rs = List.of(Fixtures.styled("m", Fixtures.FORMAL, 1, rnd),
                Fixtures.styled("m", Fixtures.FORMAL, 2, rnd), Fixtures.styled("m", Fixtures.FORMAL, 3, rnd));
        double full = ref.score(rs.stream().map(ENCODER::encode).toList());
        double direct = ref.score(rs.stream().map(small::encode).toList());
        assertThat(direct).isCloseTo(full, within(2.0 / ref.dimension()));
    }

    @Test
    void candidatesShorterThanThePackageDimensionAreRefused() {
        EncodedResponse tiny = new ResponseEncoder(EncoderConfig.of(1024, "assay"))
                .encode(dev.assay.fingerprint.response.Response.ofText("m", "p1", null, "hello"));
        assertThatThrownBy(() -> REFS.get(Level.MINIMAL).score(List.of(tiny))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("fewer bits than the package's 4096");
        assertThatThrownBy(() -> REFS.get(Level.MINIMAL).decide(List.of())).isInstanceOf(InvalidInputException.class);
    }
}
