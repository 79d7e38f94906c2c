package dev.assay.core.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ScalarsTest {
    @Test
    void duration_acceptsEveryUnit() {
        assertThat(Scalars.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Scalars.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Scalars.duration("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Scalars.duration("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(Scalars.duration("2d")).isEqualTo(Duration.ofDays(2));
    }

    @Test
    void duration_acceptsCombinationsCaseAndBlanks() {
        assertThat(Scalars.duration("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Scalars.duration("1d2h3m4s5ms")).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4).plusMillis(5));
        assertThat(Scalars.duration("1h 30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Scalars.duration(" 20 s ")).isEqualTo(Duration.ofSeconds(20));
        assertThat(Scalars.duration("60S")).isEqualTo(Duration.ofSeconds(60));
        assertThat(Scalars.duration("1000000000ms")).isEqualTo(Duration.ofMillis(1_000_000_000L));
        assertThat(Scalars.duration("+5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Scalars.duration("000000000000000000000005s")).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void duration_acceptsIso8601InAnyCase() {
        assertThat(Scalars.duration("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Scalars.duration("pt1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Scalars.duration("P2D")).isEqualTo(Duration.ofDays(2));
        assertThat(Scalars.duration("PT0.5S")).isEqualTo(Duration.ofMillis(500));
        assertThat(Scalars.duration("-PT5S")).isEqualTo(Duration.ofSeconds(-5));
    }

    @Test
    void duration_refusesOtherForms() {
        for (String bad : new String[] {"60", "1.5s", "5 minutes", "P", "", "s", "5w", "1h30", "PT", "++5s", "5s5"}) {
            assertThatThrownBy(() -> Scalars.duration(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessage("must be a duration like " + Scalars.DURATION_FORMS + ", but was '" + bad + "'");
        }
        assertThatThrownBy(() -> Scalars.duration("-5s")).hasMessage("must not be negative, but was '-5s'");
        assertThatThrownBy(() -> Scalars.duration("999999999999999999d")).hasMessage("must be a shorter duration, but was '999999999999999999d'");
        assertThatThrownBy(() -> Scalars.duration("99999999999999999999s")).hasMessage("must be a shorter duration, but was '99999999999999999999s'");
        assertThatThrownBy(() -> Scalars.duration("1s1s1s1s1s1s1s1s1s")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void number_acceptsOnlyFiniteDecimals() {
        assertThat(Scalars.number("0.05")).isEqualTo(0.05);
        assertThat(Scalars.number("-3")).isEqualTo(-3.0);
        assertThat(Scalars.number("+1e-3")).isEqualTo(0.001);
        assertThat(Scalars.number(".5")).isEqualTo(0.5);
        assertThat(Scalars.number("5.")).isEqualTo(5.0);
        for (String bad : new String[] {"NaN", ".inf", "-.inf", "Infinity", "1e999", "0x10", "1_000", "one", "", "1,5", "1e"}) {
            assertThatThrownBy(() -> Scalars.number(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessage("must be a finite number, but was '" + bad + "'");
        }
    }

    @Test
    void integers_refuseFractionsAndCheckTheirRange() {
        assertThat(Scalars.integer("42")).isEqualTo(42);
        assertThat(Scalars.integer("-7")).isEqualTo(-7);
        assertThat(Scalars.longInteger("3000000000")).isEqualTo(3_000_000_000L);
        assertThatThrownBy(() -> Scalars.integer("2.0")).hasMessage("must be a whole number, but was '2.0'");
        assertThatThrownBy(() -> Scalars.integer("1.5")).hasMessage("must be a whole number, but was '1.5'");
        assertThatThrownBy(() -> Scalars.integer("1e3")).hasMessage("must be a whole number, but was '1e3'");
        assertThatThrownBy(() -> Scalars.integer("3000000000"))
                .hasMessage("must be a whole number between -2147483648 and 2147483647, but was '3000000000'");
        assertThatThrownBy(() -> Scalars.longInteger("9223372036854775808")).hasMessageContaining("between");
    }

    @Test
    void bool_isTrueOrFalseInAnyCase() {
        assertThat(Scalars.bool(" TRUE ")).isTrue();
        assertThat(Scalars.bool("false")).isFalse();
        assertThatThrownBy(() -> Scalars.bool("yes")).hasMessage("must be true or false, but was 'yes'");
    }

    @Property(tries = 300)
    void duration_unitsScaleExactly(@ForAll @LongRange(min = 0, max = 1_000_000) long n, @ForAll @IntRange(min = 0, max = 4) int unit) {
        String[] names = {"ms", "s", "m", "h", "d"};
        long[] millis = {1, 1_000, 60_000, 3_600_000, 86_400_000};
        assertThat(Scalars.duration(n + names[unit]).toMillis()).isEqualTo(n * millis[unit]);
    }

    @Property(tries = 300)
    void duration_isoAndUnitsAgree(@ForAll @LongRange(min = 0, max = 10_000_000) long seconds) {
        assertThat(Scalars.duration(Duration.ofSeconds(seconds).toString())).isEqualTo(Scalars.duration(seconds + "s"));
    }

    @Property(tries = 500)
    void everyGrammar_onlyThrowsInvalidInput(@ForAll String text) {
        for (var grammar : java.util.List.<java.util.function.Function<String, ?>>of(
                Scalars::duration, Scalars::number, Scalars::integer, Scalars::longInteger, Scalars::bool)) {
            try {
                grammar.apply(text);
            } catch (InvalidInputException expected) {
                assertThat(expected.getMessage()).startsWith("must ").contains("but was");
            }
        }
    }
}
