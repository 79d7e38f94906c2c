package dev.assay.fingerprint.update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.fingerprint.hv.Hypervector;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LiveSignatureTest {
    private static final UpdateParams SMALL = UpdateParams.defaults().withWindowSize(8).withReservoir(8, 1).withLambda(0.7);

    @ParameterizedTest
    @EnumSource(UpdateStrategy.class)
    void anEmptySignatureHasNoWeightAZeroMeanAndTheTieBreakAsMajority(UpdateStrategy strategy) {
        Hypervector tie = Sources.random(new SplittableRandom(1), 192);
        LiveSignature s = LiveSignature.create(strategy, SMALL, tie);
        assertThat(s.strategy()).isEqualTo(strategy);
        assertThat(s.dimension()).isEqualTo(192);
        assertThat(s.seen()).isZero();
        assertThat(s.weight()).isZero();
        assertThat(s.mean()).hasSize(192).containsOnly(0.0);
        assertThat(s.majority()).isEqualTo(tie);
    }

    @ParameterizedTest
    @EnumSource(UpdateStrategy.class)
    void aResponseOfAnotherDimensionIsRefusedWithBothDimensions(UpdateStrategy strategy) {
        LiveSignature s = LiveSignature.create(strategy, SMALL, Hypervector.zeros(128));
        assertThatThrownBy(() -> s.add(Hypervector.zeros(256)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("128")
                .hasMessageContaining("256");
        assertThat(s.seen()).isZero();
        assertThat(s.weight()).isZero();
    }

    @ParameterizedTest
    @EnumSource(UpdateStrategy.class)
    void theMajorityIsTheSignOfTheMeanAndTheTieBreakAtZero(UpdateStrategy strategy) {
        SplittableRandom rnd = new SplittableRandom(strategy.ordinal());
        Hypervector tie = Sources.random(rnd, 256);
        Hypervector a = Sources.random(rnd, 256);
        Hypervector b = Sources.random(rnd, 256);
        LiveSignature s = LiveSignature.create(strategy, SMALL, tie);
        for (int i = 0; i < 57; i++) {
            // few distinct vectors, so some means are exactly 0 for the equally weighted strategies
            s.add(rnd.nextBoolean() ? a : rnd.nextBoolean() ? b : Sources.random(rnd, 256));
            double[] mean = s.mean();
            Hypervector majority = s.majority();
            for (int bit = 0; bit < 256; bit++) {
                boolean expected = mean[bit] > 0 || (mean[bit] == 0 && tie.get(bit));
                assertThat(majority.get(bit)).as("bit %d, mean %s", bit, mean[bit]).isEqualTo(expected);
            }
        }
        assertThat(s.seen()).isEqualTo(57);
    }

    @ParameterizedTest
    @EnumSource(UpdateStrategy.class)
    void aConstantStreamIsItsOwnSignatureWithMeanPlusOrMinusOne(UpdateStrategy strategy) {
        SplittableRandom rnd = new SplittableRandom(4);
        Hypervector v = Sources.random(rnd, 128);
        LiveSignature s = LiveSignature.create(strategy, SMALL, Sources.random(rnd, 128));
        for (int i = 0; i < 30; i++) {
            s.add(v);
        }
        assertThat(s.majority()).isEqualTo(v);
        double[] mean = s.mean();
        for (int bit = 0; bit < 128; bit++) {
            assertThat(mean[bit]).isEqualTo(v.get(bit) ? 1.0 : -1.0);
        }
    }
}
