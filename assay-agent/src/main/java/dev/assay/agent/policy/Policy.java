package dev.assay.agent.policy;

import dev.assay.core.document.Document;
import dev.assay.core.document.Mapping;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A guard policy. Lists are exact names (tools, programs, hosts; a host entry {@code .example.com} also covers its
 * subdomains) or globs on paths ({@code *} within a directory, {@code **} across directories). An empty allow list
 * allows everything not denied; a non-empty one ESCALATES what it does not name. Deny lists DENY; {@code approve}
 * tools always ESCALATE. File paths are resolved against {@code files.root} and then to their real path (symbolic
 * links followed for the part that exists), so {@code ..} and links cannot step around a glob.
 */
public record Policy(Tools tools, Files files, Programs programs, Http http, Agents agents, Limits limits, Autonomy autonomy,
                     int maxArgumentBytes) {
    public static final int DEFAULT_MAX_ARGUMENT_BYTES = 256 * 1024;
    static final Set<String> KEYS = Set.of("tools", "files", "programs", "http", "agents", "limits", "autonomy", "maxArgumentBytes");

    /** Tool names allowed (empty: any), denied, and requiring a person's approval. */
    public record Tools(List<String> allow, List<String> deny, List<String> approve) {
        public Tools {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
            approve = List.copyOf(approve);
        }
    }

    /** The directory relative paths start from, path globs allowed (empty: any), denied, and read-only. */
    public record Files(Path root, List<String> allow, List<String> deny, List<String> readOnly) {
        public Files {
            Objects.requireNonNull(root, "root");
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
            readOnly = List.copyOf(readOnly);
        }
    }

    /** Programs a shell command may run (empty: any) and may not run. */
    public record Programs(List<String> allow, List<String> deny) {
        public Programs {
            allow = List.copyOf(allow);
            deny = List.copyOf(deny);
        }
    }

    /** Hosts HTTP actions may reach (empty: any) and may not reach. */
    public record Http(List<String> allowHosts, List<String> denyHosts) {
        public Http {
            allowHosts = List.copyOf(allowHosts);
            denyHosts = List.copyOf(denyHosts);
        }
    }

    /**
     * The agents' Ed25519 public keys by agent id (base64 of the 32-byte key or of its X.509 SubjectPublicKeyInfo, or PEM),
     * and whether every action must be signed by its agent.
     */
    public record Agents(java.util.Map<String, String> keys, boolean requireSignature) {
        public Agents {
            keys = java.util.Map.copyOf(keys);
        }
    }

    /**
     * Per-agent limits: decisions per minute (0: no limit), and the circuit breaker that stops an agent whose last
     * {@code breakerWindow} actions (0: no breaker) were denied at least {@code breakerFailurePercent} percent of the
     * time, for {@code breakerOpenFor}.
     */
    public record Limits(int actionsPerMinute, int breakerWindow, float breakerFailurePercent, java.time.Duration breakerOpenFor) {
        public static final int DEFAULT_ACTIONS_PER_MINUTE = 0;
        public static final int DEFAULT_BREAKER_WINDOW = 20;
        public static final float DEFAULT_BREAKER_FAILURE_PERCENT = 50;
        public static final java.time.Duration DEFAULT_BREAKER_OPEN_FOR = java.time.Duration.ofMinutes(5);

        public Limits {
            if (actionsPerMinute < 0) throw new IllegalArgumentException("actionsPerMinute: must be at least 0, but was " + actionsPerMinute);
            if (breakerWindow < 0 || breakerWindow > 10_000) throw new IllegalArgumentException("breakerWindow: must be 0 to 10000, but was " + breakerWindow);
            if (!(breakerFailurePercent > 0 && breakerFailurePercent <= 100)) {
                throw new IllegalArgumentException("breakerFailurePercent: must be in (0, 100], but was " + breakerFailurePercent);
            }
            if (breakerOpenFor.isNegative() || breakerOpenFor.isZero()) throw new IllegalArgumentException("breakerOpenFor: must be positive");
        }

        public static Limits defaults() {
            return new Limits(DEFAULT_ACTIONS_PER_MINUTE, DEFAULT_BREAKER_WINDOW, DEFAULT_BREAKER_FAILURE_PERCENT, DEFAULT_BREAKER_OPEN_FOR);
        }
    }

    /**
     * Autonomy tiers: the tier an agent starts at and the highest it may reach, how many allowed actions in a row
     * promote it (0: never), whether a denied action demotes it, and how many denied actions in a row put it in safe
     * mode (0: never).
     */
    public record Autonomy(dev.assay.agent.guard.Tier start, dev.assay.agent.guard.Tier max, int promoteAfter, boolean demoteOnDeny,
                           int safeModeAfter) {
        public static final dev.assay.agent.guard.Tier DEFAULT_START = dev.assay.agent.guard.Tier.DELTA;
        public static final dev.assay.agent.guard.Tier DEFAULT_MAX = dev.assay.agent.guard.Tier.DELTA;
        /** Tiers do not move unless the policy says so: one agent's record must not change another's by default. */
        public static final int DEFAULT_PROMOTE_AFTER = 0;
        public static final boolean DEFAULT_DEMOTE_ON_DENY = false;
        public static final int DEFAULT_SAFE_MODE_AFTER = 0;

        public Autonomy {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(max, "max");
            if (start.compareTo(max) > 0) throw new IllegalArgumentException("start: must not be above max (" + max + "), but was " + start);
            if (promoteAfter < 0) throw new IllegalArgumentException("promoteAfter: must be at least 0, but was " + promoteAfter);
            if (safeModeAfter < 0) throw new IllegalArgumentException("safeModeAfter: must be at least 0, but was " + safeModeAfter);
        }

        public static Autonomy defaults() {
            return new Autonomy(DEFAULT_START, DEFAULT_MAX, DEFAULT_PROMOTE_AFTER, DEFAULT_DEMOTE_ON_DENY, DEFAULT_SAFE_MODE_AFTER);
        }
    }

    public Policy {
        Objects.requireNonNull(autonomy, "autonomy");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(agents, "agents");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(files, "files");
        Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(http, "http");
        if (maxArgumentBytes < 1) throw new IllegalArgumentException("maxArgumentBytes: must be at least 1, but was " + maxArgumentBytes);
    }

    /** The default policy: nothing listed, relative paths from the current directory, arguments up to 256 KiB. */
    public static Policy defaults() {
        return new Policy(new Tools(List.of(), List.of(), List.of()), new Files(Path.of("."), List.of(), List.of(), List.of()),
                new Programs(List.of(), List.of()), new Http(List.of(), List.of()), new Agents(java.util.Map.of(), false),
                Limits.defaults(), Autonomy.defaults(), DEFAULT_MAX_ARGUMENT_BYTES);
    }

    /** This policy without per-agent limits and tier changes: for judging records independently (evaluation). */
    public Policy withoutLimits() {
        return new Policy(tools, files, programs, http, agents, new Limits(0, 0, Limits.DEFAULT_BREAKER_FAILURE_PERCENT,
                Limits.DEFAULT_BREAKER_OPEN_FOR), new Autonomy(autonomy.start(), autonomy.start(), 0, false, 0), maxArgumentBytes);
    }

    /** Reads a policy file (YAML or JSON). */
    public static Policy load(Path file) {
        try {
            if (java.nio.file.Files.isRegularFile(file) && java.nio.file.Files.readString(file).isBlank()) {
                throw new dev.assay.core.InvalidInputException("guard policy " + file + " is empty");
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new dev.assay.core.InvalidInputException("guard policy " + file + " is not UTF-8 text");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        }
        return read(Document.read(file, "guard policy", "guard policy " + file));
    }

    /** Reads a policy from text. */
    public static Policy parse(String text) {
        return read(Document.parse(text, "guard policy"));
    }

    static Policy read(Document doc) {
        Mapping m = doc.root();
        m.allowOnly(KEYS);
        Tools tools = new Tools(List.of(), List.of(), List.of());
        Mapping t = m.mapping("tools");
        if (t != null) {
            t.allowOnly("allow", "deny", "approve");
            tools = new Tools(t.texts("allow"), t.texts("deny"), t.texts("approve"));
        }
        Files files = defaults().files();
        Mapping f = m.mapping("files");
        if (f != null) {
            f.allowOnly("root", "allow", "deny", "readOnly");
            files = new Files(Path.of(f.text("root", ".")), f.texts("allow"), f.texts("deny"), f.texts("readOnly"));
        }
        Programs programs = new Programs(List.of(), List.of());
        Mapping p = m.mapping("programs");
        if (p != null) {
            p.allowOnly("allow", "deny");
            programs = new Programs(p.texts("allow"), p.texts("deny"));
        }
        Http http = new Http(List.of(), List.of());
        Mapping h = m.mapping("http");
        if (h != null) {
            h.allowOnly("allowHosts", "denyHosts");
            http = new Http(h.texts("allowHosts"), h.texts("denyHosts"));
        }
        Agents agents = new Agents(java.util.Map.of(), false);
        Mapping ag = m.mapping("agents");
        if (ag != null) {
            ag.allowOnly("keys", "requireSignature");
            java.util.Map<String, String> keys = new java.util.TreeMap<>();
            Mapping k = ag.mapping("keys");
            if (k != null) {
                for (String id : k.keys()) {
                    String key = k.text(id);
                    if (key == null) continue;
                    try {
                        AgentKeys.publicKey(key);
                        keys.put(id, key);
                    } catch (dev.assay.core.InvalidInputException e) {
                        k.problem(id, e.getMessage());
                    }
                }
            }
            agents = new Agents(keys, "true".equals(ag.text("requireSignature", "false")));
        }
        Limits limits = Limits.defaults();
        Mapping l = m.mapping("limits");
        if (l != null) {
            l.allowOnly("actionsPerMinute", "breakerWindow", "breakerFailurePercent", "breakerOpenFor");
            int apm = l.integer("actionsPerMinute", Limits.DEFAULT_ACTIONS_PER_MINUTE);
            int bw = l.integer("breakerWindow", Limits.DEFAULT_BREAKER_WINDOW);
            double bf = l.number("breakerFailurePercent", Limits.DEFAULT_BREAKER_FAILURE_PERCENT);
            java.time.Duration bo = l.duration("breakerOpenFor", Limits.DEFAULT_BREAKER_OPEN_FOR);
            Limits built = l.construct(() -> new Limits(apm, bw, (float) bf, bo));
            if (built != null) limits = built;
        }
        Autonomy autonomy = Autonomy.defaults();
        Mapping au = m.mapping("autonomy");
        if (au != null) {
            au.allowOnly("start", "max", "promoteAfter", "demoteOnDeny", "safeModeAfter");
            var st = au.choice("start", dev.assay.agent.guard.Tier.class, Autonomy.DEFAULT_START);
            var mx = au.choice("max", dev.assay.agent.guard.Tier.class, Autonomy.DEFAULT_MAX);
            int pa = au.integer("promoteAfter", Autonomy.DEFAULT_PROMOTE_AFTER);
            int sm = au.integer("safeModeAfter", Autonomy.DEFAULT_SAFE_MODE_AFTER);
            String dd = au.text("demoteOnDeny", Boolean.toString(Autonomy.DEFAULT_DEMOTE_ON_DENY));
            if (!dd.equals("true") && !dd.equals("false")) au.problem("demoteOnDeny", "must be true or false, but was '" + dd + "'");
            Autonomy built = au.construct(() -> new Autonomy(st, mx, pa, dd.equals("true"), sm));
            if (built != null) autonomy = built;
        }
        int max = m.integer("maxArgumentBytes", DEFAULT_MAX_ARGUMENT_BYTES);
        Autonomy fu = autonomy;
        Limits fl = limits;
        Agents fa = agents;
        Tools ft = tools;
        Files ff = files;
        Programs fp = programs;
        Http fh = http;
        Policy policy = m.construct(() -> new Policy(ft, ff, fp, fh, fa, fl, fu, max));
        return doc.finish(() -> policy);
    }
}
