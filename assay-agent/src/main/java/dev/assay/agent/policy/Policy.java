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
public record Policy(Tools tools, Files files, Programs programs, Http http, Agents agents, int maxArgumentBytes) {
    public static final int DEFAULT_MAX_ARGUMENT_BYTES = 256 * 1024;
    static final Set<String> KEYS = Set.of("tools", "files", "programs", "http", "agents", "maxArgumentBytes");

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

    public Policy {
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
                DEFAULT_MAX_ARGUMENT_BYTES);
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
        int max = m.integer("maxArgumentBytes", DEFAULT_MAX_ARGUMENT_BYTES);
        Agents fa = agents;
        Tools ft = tools;
        Files ff = files;
        Programs fp = programs;
        Http fh = http;
        Policy policy = m.construct(() -> new Policy(ft, ff, fp, fh, fa, max));
        return doc.finish(() -> policy);
    }
}
