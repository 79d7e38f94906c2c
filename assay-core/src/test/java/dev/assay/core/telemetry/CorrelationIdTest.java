package dev.assay.core.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class CorrelationIdTest {
    @Test
    void keepsWellFormedIncomingIds() {
        assertThat(CorrelationId.acceptOrGenerate("req-42.a:b_c")).isEqualTo("req-42.a:b_c");
    }

    @Test
    void replacesMissingOrUnsafeIds() {
        assertThat(CorrelationId.acceptOrGenerate(null)).matches("[0-9a-f]{32}");
        assertThat(CorrelationId.acceptOrGenerate("")).matches("[0-9a-f]{32}");
        assertThat(CorrelationId.acceptOrGenerate("line\nbreak")).matches("[0-9a-f]{32}");
        assertThat(CorrelationId.acceptOrGenerate("x".repeat(129))).matches("[0-9a-f]{32}");
        assertThat(CorrelationId.generate()).isNotEqualTo(CorrelationId.generate());
    }

    @Test
    void scopePutsIdInMdcAndRestoresPreviousOnClose() {
        MDC.remove(CorrelationId.MDC_KEY);
        try (var outer = CorrelationId.open("outer")) {
            assertThat(MDC.get(CorrelationId.MDC_KEY)).isEqualTo("outer");
            try (var inner = CorrelationId.open("inner")) {
                assertThat(CorrelationId.current()).contains("inner");
                assertThat(inner.id()).isEqualTo("inner");
            }
            assertThat(CorrelationId.current()).contains("outer");
        }
        assertThat(CorrelationId.current()).isEmpty();
    }
}
