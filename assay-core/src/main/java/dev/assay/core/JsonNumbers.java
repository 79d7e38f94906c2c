package dev.assay.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * The one JSON encoding of numbers that JSON cannot hold, for every ledger entry, artifact and
 * API answer: NaN ("no value") is {@code null}; positive and negative infinity are the strings
 * {@code "Infinity"} and {@code "-Infinity"}; every finite double is a JSON number. Reading
 * inverts it ({@link #read}). Mappers that serialise records register {@link #module()}.
 */
public final class JsonNumbers {
    private JsonNumbers() {}

    /** Puts {@code v} under {@code field} in the encoding above. */
    public static void put(ObjectNode node, String field, double v) {
        if (Double.isNaN(v)) node.putNull(field);
        else if (Double.isInfinite(v)) node.put(field, v > 0 ? "Infinity" : "-Infinity");
        else node.put(field, v);
    }

    /** The number under {@code field} as {@link #put} wrote it; NaN when absent, null or not a number. */
    public static double read(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return Double.NaN;
        if (v.isTextual()) {
            return switch (v.asText()) {
                case "Infinity" -> Double.POSITIVE_INFINITY;
                case "-Infinity" -> Double.NEGATIVE_INFINITY;
                default -> Double.NaN;
            };
        }
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }

    /** A Jackson module writing {@code double} / {@code Double} / {@code float} values in this encoding. */
    public static Module module() {
        SimpleModule m = new SimpleModule("assay-json-numbers");
        m.addSerializer(Double.class, new DoubleSerializer(Double.class));
        m.addSerializer(double.class, new DoubleSerializer(double.class));
        return m;
    }

    private static final class DoubleSerializer extends StdSerializer<Double> {
        DoubleSerializer(Class<Double> type) {
            super(type);
        }

        @Override
        public void serialize(Double value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            double v = value;
            if (Double.isNaN(v)) gen.writeNull();
            else if (Double.isInfinite(v)) gen.writeString(v > 0 ? "Infinity" : "-Infinity");
            else gen.writeNumber(v);
        }
    }
}
