package dev.assay.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {
    record Bound(double lower, Double upper, double estimate) {}

    @Test
    void putAndRead_roundTripEveryDouble() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        double[] values = {0.0, -1.5, 1e-300, Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int i = 0; i < values.length; i++) JsonNumbers.put(n, "v" + i, values[i]);
        assertThat(n.toString()).contains("\"v4\":null", "\"v5\":\"Infinity\"", "\"v6\":\"-Infinity\"");
        for (int i = 0; i < values.length; i++) assertThat(Double.valueOf(JsonNumbers.read(n, "v" + i))).isEqualTo(Double.valueOf(values[i]));
        assertThat(JsonNumbers.read(n, "absent")).isNaN();
    }

    @Test
    void module_writesRecordsInTheSameEncodingAsPut() throws Exception {
        ObjectMapper m = new ObjectMapper().registerModule(JsonNumbers.module());
        assertThat(m.writeValueAsString(new Bound(Double.NEGATIVE_INFINITY, Double.NaN, 0.25)))
                .isEqualTo("{\"lower\":\"-Infinity\",\"upper\":null,\"estimate\":0.25}");
        assertThat(m.writeValueAsString(new Bound(1, null, Double.POSITIVE_INFINITY)))
                .isEqualTo("{\"lower\":1.0,\"upper\":null,\"estimate\":\"Infinity\"}");
    }
}
