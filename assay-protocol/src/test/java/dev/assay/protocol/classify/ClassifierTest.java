package dev.assay.protocol.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.protocol.flow.Endpoint;
import dev.assay.protocol.flow.FlowSample;
import dev.assay.protocol.flow.Transport;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    static FlowSample flow(Transport l4, int aPort, int bPort, String payload) throws Exception {
        return FlowSample.ofPayload(l4, new Endpoint(InetAddress.getByName("10.0.0.1"), aPort),
                new Endpoint(InetAddress.getByName("10.0.0.2"), bPort), payload.getBytes());
    }

    @Test
    void aWellKnownPortIsAFlaggedGuessAndNothingIsUnknown() throws Exception {
        Classification c = Classifier.standard().classify(flow(Transport.TCP, 50000, 22, "xyz"));
        assertThat(c.label()).isEqualTo("SSH");
        assertThat(c.source()).isEqualTo(Source.PORT);
        assertThat(c.confidence()).isLessThan(0.5);
        assertThat(c.evidence()).singleElement().asString().contains("22/TCP");
        assertThat(Classifier.standard().classify(flow(Transport.TCP, 22, 80, "xyz")).label()).as("the server's port first").isEqualTo("HTTP");
        Classification none = Classifier.standard().classify(flow(Transport.UDP, 50000, 50001, "xyz"));
        assertThat(none.label()).isEqualTo(Classification.UNKNOWN);
        assertThat(none.source()).isEqualTo(Source.UNKNOWN);
    }

    @Test
    void theFirstStageDecidesAndALaterDisagreeingOneIsTheRunnerUp() throws Exception {
        var dpi = new Classification("HTTP", Source.DPI, 0.95, null, List.of("request line at a:0+16"));
        Classifier c = new Classifier(List.of("validators", "port"), List.of(f -> Optional.of(dpi), Classifier::byPort));
        Classification onSsh = c.classify(flow(Transport.TCP, 50000, 22, "GET / HTTP/1.1\r\n"));
        assertThat(onSsh.label()).isEqualTo("HTTP");
        assertThat(onSsh.runnerUp()).isEqualTo("SSH");
        Classification onHttp = c.classify(flow(Transport.TCP, 50000, 80, "GET / HTTP/1.1\r\n"));
        assertThat(onHttp.runnerUp()).isNull();
        assertThat(new Classification("TLS.YouTube", Source.DPI, 1, null, List.of()).master()).isEqualTo("TLS");
    }

    @Test
    void protocolsThatAreTheirOwnIpProtocolNumberAreNamedByIt() throws Exception {
        assertThat(Classifier.standard().classify(flow(Transport.ICMP, 0, 0, "")).label()).isEqualTo("ICMP");
        assertThat(Classifier.standard().classify(flow(Transport.IGMP, 0, 0, "")).label()).isEqualTo("IGMP");
        assertThat(Transport.ofIpProtocol(2)).isEqualTo(Transport.IGMP);
        assertThat(Classifier.standard().classify(flow(Transport.ICMPV6, 0, 0, "")).evidence()).singleElement().asString().contains("protocol number");
    }

    @Test
    void anExplanationGivesEveryStagesAnswerInOrderBesideTheDecision() throws Exception {
        Classifier.Explanation e = Classifier.standard().explain(flow(Transport.TCP, 50000, 22, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"));
        assertThat(e.decision().label()).isEqualTo("HTTP");
        assertThat(e.stages()).extracting(Classifier.StageAnswer::stage).containsExactly("transport", "validators", "port");
        assertThat(e.stages().get(0).answer()).as("TCP names no protocol by itself").isNull();
        assertThat(e.stages().get(1).answer().label()).isEqualTo("HTTP");
        assertThat(e.stages().get(2).answer().label()).as("the port's guess, asked though it did not decide").isEqualTo("SSH");
        assertThat(e.decision().runnerUp()).isEqualTo("SSH");
        assertThat(Classifier.standard().stageNames()).containsExactly("transport", "validators", "port");
    }
}
