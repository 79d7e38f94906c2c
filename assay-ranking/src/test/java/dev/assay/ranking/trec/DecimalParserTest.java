package dev.assay.ranking.trec;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** {@link DecimalParser} gives bit for bit the double {@link Double#parseDouble} gives, and rejects what it must. */
class DecimalParserTest {

    /** What the parser must return: the correctly rounded value, or NaN for what is not a finite decimal. */
    private static void assertParsesLikeTheJdk(String text) {
        double expected = Double.parseDouble(text);
        if (!Double.isFinite(expected)) {
            expected = Double.NaN;
        }
        byte[] b = ("  " + text + " ").getBytes(StandardCharsets.ISO_8859_1);
        double actual = DecimalParser.parse(b, 2, b.length - 1);
        assertThat(Double.doubleToRawLongBits(actual)).as("%s: parsed %s, Double.parseDouble %s", text, actual, expected)
                .isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @Provide
    Arbitrary<Double> anyFiniteDouble() {
        return Arbitraries.longs().map(Double::longBitsToDouble).filter(Double::isFinite);
    }

    @Property(tries = 3000)
    void shouldMatchParseDoubleOnEveryRenderingOfARandomDouble(@ForAll("anyFiniteDouble") double v,
                                                                @ForAll @IntRange(min = 0, max = 24) int precision) {
        assertParsesLikeTheJdk(Double.toString(v));
        assertParsesLikeTheJdk(String.format(Locale.ROOT, "%.17g", v));
        assertParsesLikeTheJdk(String.format(Locale.ROOT, "%." + precision + "e", v));
        assertParsesLikeTheJdk(new BigDecimal(v).toString());
        assertParsesLikeTheJdk(new BigDecimal(v).toPlainString());
    }

    @Property(tries = 3000)
    void shouldMatchParseDoubleOnScoresOfTypicalMagnitude(@ForAll @net.jqwik.api.constraints.DoubleRange(min = -1e7, max = 1e7) double v,
                                                          @ForAll @IntRange(min = 0, max = 20) int decimals) {
        assertParsesLikeTheJdk(Double.toString(v));
        assertParsesLikeTheJdk(String.format(Locale.ROOT, "%." + decimals + "f", v));
        assertParsesLikeTheJdk(String.format(Locale.ROOT, "%.17g", v));
    }

    @Provide
    Arbitrary<String> decimalTexts() {
        Arbitrary<String> sign = Arbitraries.of("", "+", "-");
        Arbitrary<String> zeros = Arbitraries.of("", "0", "000");
        Arbitrary<String> digits = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(40);
        Arbitrary<Integer> point = Arbitraries.integers().between(-1, 40);
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.integers().between(-420, 420).map(e -> "e" + e),
                Arbitraries.integers().between(0, 30).map(e -> "E+" + e));
        return Combinators.combine(sign, zeros, digits, point, exponent).as((s, z, d, p, e) -> {
            String mantissa = z + d;
            if (p >= 0 && p <= mantissa.length()) {
                mantissa = mantissa.substring(0, p) + "." + mantissa.substring(p);
            }
            return s + mantissa + e;
        });
    }

    @Property(tries = 5000)
    void shouldMatchParseDoubleOnRandomDigitStrings(@ForAll("decimalTexts") String text) {
        assertParsesLikeTheJdk(text);
    }

    @Property(tries = 2000)
    void shouldMatchParseDoubleAtAndNextToHalfwayPoints(@ForAll("anyFiniteDouble") double v) {
        double up = Math.nextUp(v);
        if (!Double.isFinite(up)) {
            return;
        }
        BigDecimal mid = new BigDecimal(v).add(new BigDecimal(up)).divide(BigDecimal.valueOf(2));
        BigDecimal tiny = BigDecimal.ONE.movePointLeft(mid.scale() + 3);
        for (BigDecimal x : List.of(mid, mid.add(tiny), mid.subtract(tiny))) {
            assertParsesLikeTheJdk(x.toString());
            assertParsesLikeTheJdk(x.round(new java.math.MathContext(20)).toString());
            assertParsesLikeTheJdk(x.round(new java.math.MathContext(19)).toString());
            assertParsesLikeTheJdk(x.round(new java.math.MathContext(17)).toString());
        }
    }

    @Test
    void shouldMatchParseDoubleOnEdgeCases() {
        for (String text : List.of(
                "0", "-0", "+0", "0.0", "-0.0", ".0", "0.", "-.0e5", "0e-999999999999", "000000000000000000000000.0000",
                "1", "-1", "9007199254740992", "9007199254740993", "9007199254740995", "9007199254740993.0000000001",
                "1e22", "1e23", "8.589973e9", "7.3177701707893310e+15", "9.5e-21", "123456789012345678901234567890",
                "9999999999999999999", "10000000000000000000", "18446744073709551615", "18446744073709551616",
                "99999999999999999999999", "0.1", "0.3", "2.2250738585072011e-308", "2.2250738585072012e-308",
                "2.2250738585072014e-308", "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
                "1e-400", "-1e-400", "1.7976931348623157e308", "1.7976931348623158e308", "1.797693134862315807e308",
                "1.7976931348623159e308", "1e308", "1e309", "49.19109429178723", "20.979169090265216",
                "10.031979740362001", "30.548158839522944", "1015.84446716309", "626487.645259", "0.894427",
                "1e-348", "1e-349", "1e347", "1e-342", "1e-343", "1e-325", "1e-324", "1e-323",
                "0.000000000000000000000000000000000000000000000000001234567890123456789012",
                "4503599627370496.5", "4503599627370497.5", "2.225073858507201136057409796709131975934819546351645648e-308")) {
            assertParsesLikeTheJdk(text);
        }
    }

    @Test
    void shouldRejectWhatIsNotAFiniteDecimal() {
        for (String text : List.of("", "+", "-", ".", "-.", "e5", ".e1", "1e", "1e+", "1e-", "nan", "NaN", "inf", "-inf",
                "Infinity", "-Infinity", "1e400", "-1e400", "1.7976931348623159e308", "1e999999999999", "0x1p3", "1.0f",
                "1d", "--1", "+-1", "1..2", "1.2.3", "1e5.5", "1 ", " 1", "1,5", "\u00bd")) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            assertThat(DecimalParser.parse(b, 0, b.length)).as(text).isNaN();
        }
    }

    @Test
    void eiselLemireDecidesAlmostEveryShortestRepresentationAndIsNeverWrong() {
        SplittableRandom random = new SplittableRandom(20261122L);
        int decided = 0;
        int tries = 200_000;
        for (int t = 0; t < tries; t++) {
            double v = t % 2 == 0 ? random.nextDouble() * Math.pow(10, random.nextInt(-20, 21))
                    : Double.longBitsToDouble(random.nextLong() & Long.MAX_VALUE);
            if (!Double.isFinite(v) || v == 0.0) {
                continue;
            }
            BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
            BigInteger w = d.unscaledValue();
            int e10 = -d.scale();
            if (w.bitLength() > 64 || e10 < PowersOfTen.MIN_EXP10 || e10 > PowersOfTen.MAX_EXP10) {
                continue;
            }
            double result = DecimalParser.eiselLemire(w.longValue(), e10, false);
            if (!Double.isNaN(result)) {
                decided++;
                assertThat(result).as("%s", d).isEqualTo(v);
            }
        }
        assertThat(decided).isGreaterThan(tries * 95 / 100);
    }

    @Test
    void powersOfTenTableIsTheBigIntegerDerivation() {
        long[] table = PowersOfTen.HI_LO;
        assertThat(table).hasSize(2 * (PowersOfTen.MAX_EXP10 - PowersOfTen.MIN_EXP10 + 1));
        for (int e = PowersOfTen.MIN_EXP10; e <= PowersOfTen.MAX_EXP10; e++) {
            BigInteger m;
            if (e >= 0) {
                BigInteger p = BigInteger.TEN.pow(e);
                m = p.bitLength() <= 128 ? p.shiftLeft(128 - p.bitLength()) : p.shiftRight(p.bitLength() - 128);
            } else {
                BigInteger d = BigInteger.TEN.pow(-e);
                m = BigInteger.ONE.shiftLeft(127 + d.bitLength()).divide(d);
            }
            int row = 2 * (e - PowersOfTen.MIN_EXP10);
            assertThat(m.bitLength()).as("1e%d", e).isEqualTo(128);
            assertThat(table[row]).as("high word of 1e%d", e).isEqualTo(m.shiftRight(64).longValue());
            assertThat(table[row + 1]).as("low word of 1e%d", e).isEqualTo(m.longValue());
        }
    }
}
