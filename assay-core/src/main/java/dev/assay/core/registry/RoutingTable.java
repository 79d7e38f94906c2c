package dev.assay.core.registry;

import dev.assay.core.ConflictException;
import java.util.List;

/** An immutable snapshot of one model's live deployments, from which requests are routed. */
record RoutingTable(String model, String primary, String candidate, Stage candidateStage, int candidateBuckets,
                    List<String> shadows) {
    RoutingTable {
        shadows = List.copyOf(shadows);
    }

    static RoutingTable of(String model, List<Deployment> deployments) {
        String primary = null;
        String candidate = null;
        Stage candidateStage = null;
        int buckets = 0;
        List<String> shadows = new java.util.ArrayList<>();
        for (Deployment d : deployments) {
            switch (d.stage()) {
                case PRIMARY -> primary = d.version();
                case CANARY, AB -> {
                    candidate = d.version();
                    candidateStage = d.stage();
                    buckets = (int) Math.round(d.trafficPercent() * KeyHash.BUCKETS / 100.0);
                }
                case SHADOW -> shadows.add(d.version());
                case REGISTERED, RETIRED -> { }
            }
        }
        shadows.sort(null);
        return new RoutingTable(model, primary, candidate, candidateStage, buckets, shadows);
    }

    RouteDecision route(String key) {
        int bucket = KeyHash.bucket(model, key);
        if (candidate != null && bucket < candidateBuckets)
            return new RouteDecision(model, candidate, candidateStage, bucket, shadows);
        if (primary == null) throw new ConflictException("model " + model + " has no primary deployment to route to");
        return new RouteDecision(model, primary, Stage.PRIMARY, bucket, shadows);
    }
}
