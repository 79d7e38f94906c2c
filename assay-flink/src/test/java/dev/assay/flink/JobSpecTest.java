package dev.assay.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobSpecTest {
    @Test
    void parsesSeveralInputsAndEveryOption() {
        JobSpec s = JobSpec.parse("--input", "a.jsonl", "logs/", "--out", "sigs", "--model", "m", "--dim", "1024",
                "--seed", "x", "--parallelism", "4");
        assertThat(s.inputs()).containsExactly("a.jsonl", "logs/");
        assertThat(s.out()).isEqualTo(Path.of("sigs"));
        assertThat(s.defaultModel()).isEqualTo("m");
        assertThat(s.config()).isEqualTo(EncoderConfig.of(1024, "x"));
        assertThat(s.parallelism()).isEqualTo(4);
    }

    @Test
    void defaultsToTheDefaultEncoderAndTheEnvironmentsParallelism() {
        JobSpec s = JobSpec.parse("--input", "a.jsonl", "--out", "o");
        assertThat(s.config()).isEqualTo(EncoderConfig.DEFAULT);
        assertThat(s.parallelism()).isZero();
        assertThat(s.defaultModel()).isNull();
        assertThat(s.inputs()).isEqualTo(List.of("a.jsonl"));
    }

    @Test
    void refusesMissingOrBadArgumentsNamingThem() {
        assertThatThrownBy(() -> JobSpec.parse("--out", "o")).isInstanceOf(InvalidInputException.class).hasMessageContaining("--input");
        assertThatThrownBy(() -> JobSpec.parse("--input", "a")).isInstanceOf(InvalidInputException.class).hasMessageContaining("--out is required");
        assertThatThrownBy(() -> JobSpec.parse("--input", "a", "--out", "o", "--dim", "100"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("but was 100");
        assertThatThrownBy(() -> JobSpec.parse("--input", "a", "--out", "o", "--parallelism", "0"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--parallelism must be at least 1, but was 0");
        assertThatThrownBy(() -> JobSpec.parse("--input", "a", "--out", "o", "--dim", "x"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("--dim must be an integer, but was x");
        assertThatThrownBy(() -> JobSpec.parse("--input", "a", "--out", "o", "--colour", "red"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("unknown argument --colour");
    }

    @Test
    void fileNamesKeepSafeIdsAndDisambiguateSanitizedOnes() {
        assertThat(SignatureJob.fileName("gpt-4o-2024-05-13")).isEqualTo("gpt-4o-2024-05-13");
        assertThat(SignatureJob.fileName("org/model:v1")).matches("org_model_v1-[0-9a-f]{8}");
        assertThat(SignatureJob.fileName("org/model:v1")).isNotEqualTo(SignatureJob.fileName("org:model/v1"));
        assertThat(SignatureJob.fileName("../etc")).startsWith("_._etc-");
    }
}
