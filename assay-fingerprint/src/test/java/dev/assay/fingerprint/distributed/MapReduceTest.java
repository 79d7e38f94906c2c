package dev.assay.fingerprint.distributed;

import static dev.assay.fingerprint.distributed.Fixtures.SPEC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import dev.assay.fingerprint.response.ResponseLog;
import dev.assay.fingerprint.signature.Signature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MapReduceTest {
    @Test
    void mapReduce_givesTheSingleMachineSignatureByteForByte() {
        List<Response> responses = Fixtures.responses(1, 120, 4);
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            List<List<Response>> parts = DistributedSignatures.split(responses, 7);
            List<Signature> partials = DistributedSignatures.partials(parts, SPEC, pool);
            assertThat(partials).hasSize(7);
            assertThat(partials.stream().mapToLong(Signature::responses).sum()).isEqualTo(120);
            Signature merged = DistributedSignatures.mapReduce(parts, SPEC, pool);
            assertThat(merged.toBytes()).isEqualTo(Fixtures.central(responses).toBytes());
            assertThat(merged.sample()).hasSize(SPEC.sampleLimit());
        }
    }

    @Property(tries = 40)
    void mapReduce_anyPartitioningGivesTheSingleMachineSignature(@ForAll long seed,
                                                                 @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 40) Integer> cuts,
                                                                 @ForAll @IntRange(min = 1, max = 4) int threads) {
        List<Response> responses = Fixtures.responses(seed, 40, 3);
        List<Integer> sorted = new ArrayList<>(cuts);
        sorted.sort(null);
        List<List<Response>> parts = new ArrayList<>();
        int from = 0;
        for (int cut : sorted) {
            parts.add(responses.subList(from, cut));
            from = cut;
        }
        parts.add(responses.subList(from, responses.size()));
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            assertThat(DistributedSignatures.mapReduce(parts, SPEC, pool).toBytes())
                    .isEqualTo(Fixtures.central(responses).toBytes());
        }
    }

    @Test
    void mapReduceLogs_givesTheSequentialSignatureOfTheFilesWithTheirSources(@TempDir Path dir) throws IOException {
        List<Response> all = Fixtures.responses(2, 60, 3);
        List<Path> files = new ArrayList<>();
        List<List<Response>> perFile = DistributedSignatures.split(all, 5);
        for (int f = 0; f < perFile.size(); f++) {
            Path file = dir.resolve("log-" + f + ".jsonl");
            StringBuilder lines = new StringBuilder();
            for (Response r : perFile.get(f)) {
                lines.append("{\"model\": \"m\", \"prompt_id\": \"").append(r.probeId()).append("\", \"response\": ")
                        .append(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(r.text())).append("}\n");
            }
            Files.writeString(file, lines, StandardCharsets.UTF_8);
            files.add(file);
        }
        var encoder = new dev.assay.fingerprint.encode.ResponseEncoder(Fixtures.CONFIG);
        Signature.Builder sequential = Signature.builder(Fixtures.CONFIG, "m").sampleLimit(SPEC.sampleLimit());
        for (Path file : files) {
            List<Response> read = ResponseLog.readAll(file, ResponseLog.Options.STRICT);
            read.forEach(r -> sequential.add(encoder.encode(r)));
            sequential.source(new Signature.Source(file.getFileName().toString(), dev.assay.core.Hashing.sha256Hex(file), read.size()));
        }
        Signature expected = sequential.build();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Signature merged = DistributedSignatures.mapReduceLogs(DistributedSignatures.split(files, 3), SPEC,
                    ResponseLog.Options.STRICT, pool);
            assertThat(merged.toBytes()).isEqualTo(expected.toBytes());
            assertThat(merged.sources()).hasSize(5);
            assertThat(merged.responses()).isEqualTo(60);
        }
    }

    @Test
    void mapReduceLogs_refusesAMissingFileNamingIt(@TempDir Path dir) {
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            assertThatThrownBy(() -> DistributedSignatures.mapReduceLogs(List.of(List.of(dir.resolve("absent.jsonl"))), SPEC,
                    ResponseLog.Options.STRICT, pool))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("absent.jsonl");
        }
    }

    @Test
    void split_cutsIntoContiguousPartsOfNearlyEqualSize() {
        List<Integer> items = List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(DistributedSignatures.split(items, 3)).containsExactly(List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8, 9));
        assertThat(DistributedSignatures.split(List.of(1, 2), 4)).containsExactly(List.of(), List.of(1), List.of(), List.of(2));
        assertThat(DistributedSignatures.split(items, 1)).containsExactly(items);
    }

    @Test
    void badParameters_areRefusedNamingParameterAndValue() {
        try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
            assertThatThrownBy(() -> DistributedSignatures.split(List.of(1), 0))
                    .isInstanceOf(InvalidInputException.class).hasMessage("partitions must be at least 1, but was 0");
            assertThatThrownBy(() -> DistributedSignatures.mapReduce(List.of(), SPEC, pool))
                    .isInstanceOf(InvalidInputException.class).hasMessage("partitions must not be empty, but was 0 partitions");
            assertThatThrownBy(() -> DistributedSignatures.reduce(List.of()))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("partials");
            assertThatThrownBy(() -> new SignatureSpec(Fixtures.CONFIG, "m", -1))
                    .isInstanceOf(InvalidInputException.class).hasMessageContaining("sampleLimit").hasMessageContaining("-1");
        }
    }
}
