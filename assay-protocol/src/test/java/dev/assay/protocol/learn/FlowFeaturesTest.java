package dev.assay.protocol.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Direction;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Transport;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FlowFeaturesTest {
    @Test
    void everyFlowGivesOneVectorOfTheSameLengthWithANameForEachValue() {
        Random r = new Random(1);
        assertThat(FlowFeatures.featureNames()).hasSize(FlowFeatures.SIZE);
        assertThat(new HashSet<>(FlowFeatures.featureNames())).hasSize(FlowFeatures.SIZE);
        for (int i = 0; i < 200; i++) {
            FlowSample f = switch (i % 3) {
                case 0 -> SyntheticFlows.alpha(r);
                case 1 -> SyntheticFlows.beta(r);
                default -> SyntheticFlows.random(r);
            };
            float[] x = FlowFeatures.of(f);
            assertThat(x).hasSize(FlowFeatures.SIZE);
            assertThat(FlowFeatures.of(f)).as("the same flow, the same vector (NaN included)").isEqualTo(x);
        }
    }

    @Test
    void readsBytesSizesDirectionsAndGapsAndMarksWhatIsAbsent() {
        var flow = SyntheticFlows.flow(Transport.UDP, 40000, 40001, List.of(
                SyntheticFlows.segment(Direction.A_TO_B, 1_000, new byte[] {1, 2, 3}),
                SyntheticFlows.segment(Direction.B_TO_A, 1_100, new byte[] {(byte) 0xff}),
                SyntheticFlows.segment(Direction.A_TO_B, 2_100, new byte[] {4})));
        float[] x = FlowFeatures.of(flow);
        assertThat(x[FlowFeatures.L4]).isEqualTo(Transport.UDP.ordinal());
        assertThat(x[FlowFeatures.byteFeature(Direction.A_TO_B, 0)]).isEqualTo(1f);
        assertThat(x[FlowFeatures.byteFeature(Direction.A_TO_B, 3)]).as("a>b's second datagram continues its stream").isEqualTo(4f);
        assertThat(x[FlowFeatures.byteFeature(Direction.A_TO_B, 4)]).isNaN();
        assertThat(x[FlowFeatures.byteFeature(Direction.B_TO_A, 0)]).as("bytes are unsigned").isEqualTo(255f);
        int p = FlowFeatures.PACKET_BASE;
        assertThat(new float[] {x[p], x[p + 1], x[p + 2]}).containsExactly(3f, 0f, 0f);
        assertThat(new float[] {x[p + 3], x[p + 4]}).containsExactly(1f, 1f);
        assertThat(x[p + 5]).isEqualTo((float) Math.log1p(100));
        assertThat(x[p + 8]).isEqualTo((float) Math.log1p(1000));
        assertThat(x[p + 9]).as("a fourth packet that is not there").isNaN();
        assertThat(new float[] {x[FlowFeatures.TOTALS], x[FlowFeatures.TOTALS + 1], x[FlowFeatures.TOTALS + 2], x[FlowFeatures.TOTALS + 3]})
                .containsExactly(4f, 1f, 2f, 1f);
        assertThat(FlowFeatures.name(FlowFeatures.byteFeature(Direction.B_TO_A, 7))).isEqualTo("b>a byte 7");
        assertThat(FlowFeatures.streamByte(FlowFeatures.byteFeature(Direction.B_TO_A, 7)).orElseThrow()).hasToString("b>a 7+1");
        assertThat(FlowFeatures.streamByte(FlowFeatures.PACKET_BASE)).isEmpty();
    }
}
