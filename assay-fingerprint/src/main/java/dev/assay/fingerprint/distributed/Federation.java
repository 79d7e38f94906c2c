package dev.assay.fingerprint.distributed;

import dev.assay.core.Hashing;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.encode.ResponseEncoder;
import dev.assay.fingerprint.signature.Signature;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;

/** The federated protocol: sites send signature bytes, the coordinator checks and merges them. */
final class Federation {
    private Federation() {}

    /** The random source of {@code site}'s noise: seeded by {@code seed} XOR the first 64 bits of SHA-256(site name). */
    static SplittableRandom siteRandom(long seed, String site) {
        String hex = Hashing.sha256Hex(site.getBytes(StandardCharsets.UTF_8));
        return new SplittableRandom(seed ^ Long.parseUnsignedLong(hex.substring(0, 16), 16));
    }

    static SitePayload payload(Site site, SignatureSpec spec, SiteNoise noise, long seed) {
        Signature exact = Nodes.build(spec, new ResponseEncoder(spec.config()), site.responses());
        Signature sent = switch (noise) {
            case SiteNoise.None none -> exact;
            case SiteNoise.Geometric g -> CounterSignatures.of(spec.modelId(),
                    new GeometricNoise(g.epsilon(), siteRandom(seed, site.name())).apply(SignatureCounters.of(exact)),
                    "of site " + site.name());
        };
        return new SitePayload(site.name(), sent.toBytes());
    }

    static FederatedResult coordinate(List<SitePayload> payloads, EncoderConfig config, SiteNoise noise, long seed) {
        if (payloads.isEmpty()) throw new InvalidInputException("payloads must not be empty, but was 0 site payloads");
        Set<String> seen = new HashSet<>();
        Signature merged = null;
        for (SitePayload p : payloads) {
            if (!seen.add(p.site())) throw new InvalidInputException("site " + p.site() + " sent more than one signature");
            Signature s = Signature.fromBytes(p.signature(), "from site " + p.site());
            try {
                Signature.requireSameConfig(config, s.config());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("site " + p.site() + ": " + e.getMessage(), e);
            }
            if (noise instanceof SiteNoise.Geometric && (s.sampleLimit() > 0 || !s.sources().isEmpty())) {
                throw new InvalidInputException("site " + p.site() + " sent sampled responses or sources, which a private federation never sends");
            }
            try {
                merged = merged == null ? s : merged.merge(s);
            } catch (InvalidInputException e) {
                throw new InvalidInputException("site " + p.site() + ": " + e.getMessage(), e);
            }
        }
        return new FederatedResult(merged, payloads.size(), noise.epsilon(), noise.mechanism(), seed);
    }

    static FederatedResult run(List<Site> sites, SignatureSpec spec, SiteNoise noise, long seed, ExecutorService executor) {
        if (sites.isEmpty()) throw new InvalidInputException("sites must not be empty, but was 0 sites");
        Set<String> names = new HashSet<>();
        List<Callable<SitePayload>> nodes = new ArrayList<>();
        for (Site site : sites) {
            if (!names.add(site.name())) throw new InvalidInputException("site names must be unique, but " + site.name() + " appears twice");
            nodes.add(() -> payload(site, spec, noise, seed));
        }
        return coordinate(Nodes.run(executor, nodes), spec.config(), noise, seed);
    }
}
