package dev.assay.models.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What each model's tokens cost: input and output prices per million tokens, in one currency. No prices are built
 * in (they change, and a stale one would be silently wrong): a table is read from a JSON file
 * <pre>{"currency": "USD", "as_of": "2025-01-15", "models": {"gpt-4o-mini": {"input": 0.15, "output": 0.60}}}</pre>
 * or built with {@link #of}. A model is priced by its exact name, else by the longest name in the table it starts
 * with followed by {@code -} (so {@code gpt-4o-mini} prices the dated {@code gpt-4o-mini-2024-07-18}); a model the
 * table does not know costs 0 and its cost says so ({@link Cost#priced()} false).
 *
 * @param currency the prices' currency, e.g. {@code USD}
 * @param asOf     when the prices were taken, as the file says ("" when not given)
 * @param prices   by model name
 */
public record PriceTable(String currency, String asOf, Map<String, Price> prices) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Highest price per million tokens accepted: above any listed price, so a typo (per token, per thousand) is caught. */
    public static final double MAX_PRICE_PER_MILLION = 10_000;

    public PriceTable {
        if (currency == null || currency.isBlank()) throw new InvalidInputException("a price table needs a currency");
        Objects.requireNonNull(asOf, "asOf");
        prices = Map.copyOf(new TreeMap<>(prices));
    }

    /** A table of {@code prices} in {@code currency}. */
    public static PriceTable of(String currency, Map<String, Price> prices) {
        return new PriceTable(currency, "", prices);
    }

    /** A table without prices: every model costs 0, unpriced. */
    public static PriceTable empty() {
        return new PriceTable("USD", "", Map.of());
    }

    /**
     * Prices per million tokens.
     *
     * @param inputPerMillion  price of a million prompt tokens
     * @param outputPerMillion price of a million generated tokens
     */
    public record Price(double inputPerMillion, double outputPerMillion) {
        public Price {
            check(inputPerMillion, "input");
            check(outputPerMillion, "output");
        }

        private static void check(double p, String what) {
            if (!(p >= 0 && p <= MAX_PRICE_PER_MILLION))
                throw new InvalidInputException("the " + what + " price per million tokens must be in [0, " + (long) MAX_PRICE_PER_MILLION
                        + "], but was " + p);
        }
    }

    /**
     * The cost of a call.
     *
     * @param amount in the table's currency
     * @param priced whether the table knew the model (false: the amount is 0 for want of a price)
     */
    public record Cost(double amount, boolean priced) {}

    /** The price of {@code model}, if the table has it (exactly, or by its longest prefix followed by {@code -}). */
    public java.util.Optional<Price> price(String model) {
        Price exact = prices.get(model);
        if (exact != null) return java.util.Optional.of(exact);
        String best = null;
        for (String name : prices.keySet()) {
            if (model.startsWith(name + "-") && (best == null || name.length() > best.length())) best = name;
        }
        return java.util.Optional.ofNullable(best == null ? null : prices.get(best));
    }

    /** What {@code inputTokens} in and {@code outputTokens} out of {@code model} cost. */
    public Cost cost(String model, long inputTokens, long outputTokens) {
        return price(model).map(p -> new Cost((inputTokens * p.inputPerMillion() + outputTokens * p.outputPerMillion()) / 1e6, true))
                .orElse(new Cost(0, false));
    }

    /** The table in {@code file} (the JSON above); a bad file is an {@link InvalidInputException} naming the problem. */
    public static PriceTable read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("price table " + file + " does not exist");
        } catch (JsonProcessingException e) {
            throw new InvalidInputException("price table " + file + " is not JSON: " + Resilience.clip(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidInputException("price table " + file + " could not be read: " + Resilience.describe(e));
        }
        if (root == null || !root.isObject()) throw new InvalidInputException("price table " + file + " must be a JSON object");
        JsonNode currency = root.path("currency");
        if (!currency.isTextual() || currency.asText().isBlank())
            throw new InvalidInputException("price table " + file + " needs a 'currency' (e.g. \"USD\")");
        JsonNode asOf = root.path("as_of");
        if (!asOf.isMissingNode() && !asOf.isTextual()) throw new InvalidInputException("price table " + file + ": 'as_of' must be a string");
        JsonNode models = root.path("models");
        if (!models.isObject()) throw new InvalidInputException("price table " + file + " needs 'models', an object of model name to prices");
        Map<String, Price> prices = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = models.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode in = e.getValue().path("input");
            JsonNode out = e.getValue().path("output");
            if (!in.isNumber() || !out.isNumber())
                throw new InvalidInputException("price table " + file + ": model '" + e.getKey() + "' needs numbers 'input' and 'output' (per million tokens)");
            try {
                prices.put(e.getKey(), new Price(in.asDouble(), out.asDouble()));
            } catch (InvalidInputException bad) {
                throw new InvalidInputException("price table " + file + ": model '" + e.getKey() + "': " + bad.getMessage());
            }
        }
        return new PriceTable(currency.asText(), asOf.isTextual() ? asOf.asText() : "", prices);
    }
}
