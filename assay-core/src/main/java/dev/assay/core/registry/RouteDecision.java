package dev.assay.core.registry;

import java.util.List;

/**
 * Which version serves a request: {@code version} answers; {@code shadows} also receive a
 * copy whose answers are recorded but not returned. {@code bucket} is the request key's
 * position in 0..9999, stable for a key and a model on every JVM.
 */
public record RouteDecision(String model, String version, Stage stage, int bucket, List<String> shadows) {
    public RouteDecision {
        shadows = List.copyOf(shadows);
    }
}
