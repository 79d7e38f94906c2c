package dev.assay.protocol.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class FlowSampleTest {
    @Test
    void streamConcatenatesOneDirectionUpToTheLimit() throws Exception {
        Endpoint a = new Endpoint(InetAddress.getByName("10.0.0.1"), 40000);
        Endpoint b = new Endpoint(InetAddress.getByName("::1"), 443);
        var flow = new FlowSample(Transport.TCP, a, b, -1, List.of(
                new Segment(Direction.A_TO_B, 1, 60, new byte[] {1, 2}),
                new Segment(Direction.B_TO_A, 2, 60, new byte[] {9}),
                new Segment(Direction.A_TO_B, 3, 60, new byte[] {3, 4, 5})), 5);
        assertThat(flow.stream(Direction.A_TO_B, 4)).containsExactly(1, 2, 3, 4);
        assertThat(flow.stream(Direction.B_TO_A, 100)).containsExactly(9);
        var withEmpty = new FlowSample(Transport.UDP, a, b, -1, List.of(
                new Segment(Direction.A_TO_B, 1, 28, new byte[0]),
                new Segment(Direction.A_TO_B, 2, 30, new byte[] {7, 8})), 2);
        assertThat(withEmpty.stream(Direction.A_TO_B, 10)).as("an empty datagram does not end the stream").containsExactly(7, 8);
        assertThat(a).hasToString("10.0.0.1:40000");
        assertThat(b).hasToString("[::1]:443");
    }

    @Test
    void refusesImpossibleCounts() throws Exception {
        Endpoint a = new Endpoint(InetAddress.getByName("10.0.0.1"), 1);
        assertThatThrownBy(() -> new FlowSample(Transport.UDP, a, a, -1,
                List.of(new Segment(Direction.A_TO_B, 0, 10, new byte[3])), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Segment(Direction.A_TO_B, 0, 1, new byte[3])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Endpoint(InetAddress.getByName("10.0.0.1"), 70000)).isInstanceOf(IllegalArgumentException.class);
    }
}
