package dev.assay.cli.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProtocolBenchCliTest {
    @TempDir
    Path dir;

    CliRun run(String... args) {
        return CliRun.run(Map.of("ASSAY_DATA_DIR", dir.resolve("data").toString()), args);
    }

    @Test
    void aSpikeRunAgainstTheServiceItStartsWritesItsReportAndPlot() throws IOException {
        Path capture = Files.write(dir.resolve("dns.pcap"), ProtocolCliTest.oneUdpPacket());
        // nDPI's expected result for the one flow, in its own format
        Path labels = Files.createDirectories(dir.resolve("result"));
        Files.writeString(labels.resolve("dns.pcap.out"), "DNS\t1\t60\t1\n\n"
                + "\t1\tUDP 10.0.0.1:40000 <-> 10.0.0.2:53 [proto: 5/DNS][IP: 0/Unknown][ClearText][Confidence: DPI][FPC: 5/DNS, Confidence: DPI]"
                + "[DPI packets: 1][cat: Network/14][1 pkts/61 bytes -> 0 pkts/0 bytes][Goodput ratio: 31/0][< 1 sec]\n");
        Path out = dir.resolve("bench");
        CliRun r = run("protocol", "bench", "--pattern", "spike", "--rate", "40", "--seconds", "2", "--warmup-seconds", "1", "--progress", "none", "--labels",
                labels.toString(), "--out", out.toString(), capture.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
        // spike at 40/s over 2 s: 1.8 s at 20/s and 0.2 s at 160/s = 68 requests
        assertThat(report.at("/requests/planned").asInt()).isBetween(67, 69);
        assertThat(report.at("/requests/answered").asInt()).isEqualTo(report.at("/requests/planned").asInt());
        assertThat(report.at("/latencyMs/p95").asDouble()).isPositive();
        assertThat(report.at("/latencyMs/p50").asDouble()).isLessThanOrEqualTo(report.at("/latencyMs/p99").asDouble());
        assertThat(report.at("/sla/met").asInt() + report.at("/sla/missed").asInt()).isEqualTo(report.at("/requests/answered").asInt());
        assertThat(report.at("/accuracy/0/protocol").asText()).isEqualTo("DNS");
        assertThat(report.at("/accuracy/0/flows").asInt()).isEqualTo(1);
        assertThat(report.at("/accuracy/0/correct").asInt()).isEqualTo(1);
        assertThat(report.at("/resources/cpuSeconds").asDouble()).isPositive();
        byte[] png = Files.readAllBytes(out.resolve("latency.png"));
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(r.out()).contains("spike load at 40.0/s for 2 s").contains("SLA:").contains("DNS");
    }

    @Test
    void badSettingsAreOneLineNamingTheProblem() throws IOException {
        Path capture = Files.write(dir.resolve("one.pcap"), ProtocolCliTest.oneUdpPacket());
        CliRun pattern = run("protocol", "bench", "--pattern", "burst", capture.toString());
        assertThat(pattern.exitCode()).isEqualTo(2);
        assertThat(pattern.err()).contains("constant, ramp-up, spike or wave, but was 'burst'").doesNotContain("Exception");
        CliRun seconds = run("protocol", "bench", "--seconds", "0", capture.toString());
        assertThat(seconds.exitCode()).isEqualTo(2);
        assertThat(seconds.err()).contains("--seconds must be in 1..600");
        CliRun noToken = run("protocol", "bench", "--url", "http://127.0.0.1:9", capture.toString());
        assertThat(noToken.exitCode()).isEqualTo(2);
        assertThat(noToken.err()).contains("--url needs a token");
        Path empty = Files.write(dir.resolve("empty.pcap"), java.util.Arrays.copyOf(ProtocolCliTest.oneUdpPacket(), 24));
        CliRun nothing = run("protocol", "bench", "--seconds", "1", empty.toString());
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("no flow of the captures carries a payload");
    }

    @Test
    void theCanaryContractJudgesTheDeployedCandidateOnLabelledFlowsAndAppliesItsVerdict() throws IOException {
        Path capture = Files.write(dir.resolve("dns.pcap"), ProtocolCliTest.oneUdpPacket());
        Path labels = Files.createDirectories(dir.resolve("result"));
        Files.writeString(labels.resolve("dns.pcap.out"), "DNS\t1\t60\t1\n\n"
                + "\t1\tUDP 10.0.0.1:40000 <-> 10.0.0.2:53 [proto: 5/DNS][IP: 0/Unknown][ClearText][Confidence: DPI][DPI packets: 1]"
                + "[cat: Network/14][1 pkts/61 bytes -> 0 pkts/0 bytes][Goodput ratio: 31/0][< 1 sec]\n");
        CliRun none = run("protocol", "canary", "--labels", labels.toString(), "--progress", "none", capture.toString());
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.err()).contains("no CANARY or AB version of protocol-classifier to judge");
        assertThat(run("models", "deploy", "protocol-classifier", "validators-1", "--stage", "CANARY", "--percent", "10", "--reason", "try").exitCode())
                .isZero();
        CliRun judged = run("protocol", "canary", "--labels", labels.toString(), "--progress", "none", "--apply", capture.toString());
        assertThat(judged.exitCode()).as(judged.err()).isIn(0, 1);
        assertThat(judged.out()).contains("candidate validators-1 against primary learned-1").contains("correct on 1 of 1 labelled flows vs 1")
                .contains("latency p95");
        boolean promoted = judged.exitCode() == 0;
        assertThat(judged.out()).contains(promoted ? "promoted validators-1" : "rolled back validators-1");
        String show = run("models", "show", "protocol-classifier").out();
        assertThat(show).contains(promoted ? "validators-1" : "learned-1");
    }
}
