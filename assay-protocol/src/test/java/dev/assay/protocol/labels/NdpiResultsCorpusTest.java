package dev.assay.protocol.labels;

import static org.assertj.core.api.Assertions.assertThat;

import dev.assay.core.testing.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every result file of nDPI's test corpus parses, and the counts agree with the files' own lines. */
class NdpiResultsCorpusTest {
    @Test
    void everyResultFileParses() throws IOException {
        Path dir = TestEnvironment.sharedData().resolve("protocol/ndpi/result");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".out")).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThan(400);
        int flows = 0;
        int trusted = 0;
        Map<String, Integer> masters = new HashMap<>();
        for (Path f : files) {
            List<NdpiFlow> parsed = NdpiResults.read(f);
            String text = Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1);
            long protoLines = text.lines().filter(l -> l.matches("^\\t\\d+\\t\\S+ \\S+ (<->|->) \\S+ .*") && l.contains("[proto: ")).count();
            assertThat(parsed).as(f.getFileName().toString()).hasSize((int) protoLines);
            assertThat(parsed).allMatch(flow -> flow.number() > 0);
            flows += parsed.size();
            for (NdpiFlow flow : NdpiResults.trusted(parsed)) {
                trusted++;
                masters.merge(flow.master(), 1, Integer::sum);
                assertThat(flow.master()).doesNotContain("/").isNotBlank();
            }
        }
        assertThat(flows).isGreaterThan(5000);
        assertThat(trusted).isBetween(flows / 3, flows);
        assertThat(masters).containsKeys("TLS", "HTTP", "DNS", "QUIC", "Modbus", "DNP3");
        assertThat(masters.get("HTTP")).isGreaterThan(500);
    }
}
