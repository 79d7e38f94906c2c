package dev.assay.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import dev.assay.core.document.Scalars;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ValueParsersTest {
    @Test
    void parsesByteUnits() {
        assertThat(ValueParsers.bytes("1048576")).isEqualTo(1 << 20);
        assertThat(ValueParsers.bytes("512KiB")).isEqualTo(512 * 1024);
        assertThat(ValueParsers.bytes("1MiB")).isEqualTo(1 << 20);
        assertThat(ValueParsers.bytes("2 GiB")).isEqualTo(2L << 30);
        assertThatThrownBy(() -> ValueParsers.bytes("1MB")).isInstanceOf(InvalidInputException.class).hasMessageContaining("1MB");
        assertThatThrownBy(() -> ValueParsers.bytes("-3")).hasMessageContaining("negative");
        assertThatThrownBy(() -> ValueParsers.bytes("99999999999999999999GiB")).hasMessageContaining("too large");
    }

    @Test
    void parsesDurations() {
        assertThat(Scalars.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Scalars.duration("20s")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Scalars.duration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(Scalars.duration("pt1h")).isEqualTo(Duration.ofHours(1));
        assertThatThrownBy(() -> Scalars.duration("soon")).hasMessageContaining("soon");
    }

    @Test
    void parsesBooleansStrictly() {
        assertThat(Scalars.bool(" True ")).isTrue();
        assertThat(Scalars.bool("false")).isFalse();
        assertThatThrownBy(() -> Scalars.bool("yes")).hasMessageContaining("yes");
    }

    @Property(tries = 200)
    void kibibytesAreExactMultiples(@ForAll @IntRange(min = 0, max = 1 << 20) int n) {
        assertThat(ValueParsers.bytes(n + "KiB")).isEqualTo(n * 1024L);
    }

    @Property(tries = 200)
    void millisecondsRoundTrip(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long ms) {
        assertThat(Scalars.duration(ms + "ms").toMillis()).isEqualTo(ms);
    }

    @Property(tries = 300)
    void parsersOnlyThrowInvalidInput(@ForAll String text) {
        for (var parser : new java.util.function.Function<?, ?>[] {
                (String s) -> ValueParsers.bytes(s), (String s) -> Scalars.duration(s),
                (String s) -> Scalars.bool(s), (String s) -> Scalars.integer(s)}) {
            @SuppressWarnings("unchecked")
            var p = (java.util.function.Function<String, ?>) parser;
            try {
                p.apply(text);
            } catch (InvalidInputException expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
