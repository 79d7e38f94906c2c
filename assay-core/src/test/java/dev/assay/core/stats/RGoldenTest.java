package dev.assay.core.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares the rank tests and Holm's correction with R, on the inputs and outputs that
 * {@code assay-core/src/test/r/golden.R} wrote to {@code stats/golden.json}.
 */
class RGoldenTest {
    /** Exact distributions, order statistics, closed forms (R's exact KS p divides by exp(lgamma(.)), about 4e-14 off). */
    private static final double EXACT = 1e-12;
    /** Normal approximations and the ported root finder: observed agreement about 1e-15; headroom for libm differences. */
    private static final double APPROXIMATION = 1e-9;

    private static final JsonNode GOLDEN = load();

    private static JsonNode load() {
        try (InputStream in = RGoldenTest.class.getResourceAsStream("/stats/golden.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read stats/golden.json", e);
        }
    }

    @TestFactory
    Stream<DynamicTest> mannWhitneyShouldMatchRWilcoxTest() {
        return cases("wilcox").map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            double[] x = doubles(c.get("x"));
            double[] y = doubles(c.get("y"));
            Tail tail = tail(c.get("alternative").asText());
            String method = c.get("method").asText();
            double tolerance = method.contains("exact") ? EXACT : APPROXIMATION;

            TestResult test = MannWhitney.test(x, y, tail);
            assertThat(test.method()).isEqualTo(method);
            assertThat(test.statistic()).isEqualTo(c.get("W").asDouble());
            assertThat(test.pValue()).isCloseTo(c.get("p_value").asDouble(), within(tolerance));

            ConfidenceBound shift = MannWhitney.shift(x, y, tail, c.get("conf_level").asDouble());
            double[] ci = doubles(c.get("conf_int"));
            assertThat(shift.estimate()).isCloseTo(c.get("estimate").asDouble(), within(tolerance));
            assertEnd(shift.lower(), ci[0], tolerance);
            assertEnd(shift.upper(), ci[1], tolerance);
        }));
    }

    @TestFactory
    Stream<DynamicTest> kolmogorovSmirnovShouldMatchRKsTest() {
        return cases("ks").map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            TestResult test = KolmogorovSmirnov.test(doubles(c.get("x")), doubles(c.get("y")),
                    tail(c.get("alternative").asText()));
            String method = c.get("method").asText();
            assertThat(test.method()).isEqualTo(method);
            assertThat(test.statistic()).isCloseTo(c.get("D").asDouble(), within(EXACT));
            assertThat(test.pValue()).isCloseTo(c.get("p_value").asDouble(),
                    within(method.startsWith("Exact") ? EXACT : APPROXIMATION));
        }));
    }

    @TestFactory
    Stream<DynamicTest> holmShouldMatchRPAdjust() {
        return cases("holm").map(c -> DynamicTest.dynamicTest(c.get("name").asText(), () -> {
            double[] adjusted = Holm.adjust(doubles(c.get("p")));
            double[] expected = doubles(c.get("adjusted"));
            assertThat(adjusted).hasSameSizeAs(expected);
            for (int i = 0; i < expected.length; i++) {
                assertThat(adjusted[i]).as("adjusted[%d]", i).isCloseTo(expected[i], within(EXACT));
            }
        }));
    }

    private static void assertEnd(double actual, double expected, double tolerance) {
        if (Double.isInfinite(expected)) {
            assertThat(actual).isEqualTo(expected);
        } else {
            assertThat(actual).isCloseTo(expected, within(tolerance));
        }
    }

    private static Stream<JsonNode> cases(String section) {
        List<JsonNode> list = new ArrayList<>();
        GOLDEN.get(section).forEach(list::add);
        assertThat(list).as("golden cases in " + section).isNotEmpty();
        return list.stream();
    }

    private static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i);
            out[i] = v.isTextual() ? Double.parseDouble(v.asText()) : v.asDouble();
        }
        return out;
    }

    private static Tail tail(String alternative) {
        return switch (alternative) {
            case "two.sided" -> Tail.TWO_SIDED;
            case "greater" -> Tail.UPPER;
            case "less" -> Tail.LOWER;
            default -> throw new IllegalArgumentException("unknown alternative " + alternative);
        };
    }
}
