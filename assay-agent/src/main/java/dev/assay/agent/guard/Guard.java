package dev.assay.agent.guard;

import dev.assay.agent.action.Action;
import dev.assay.agent.command.Assessment;
import dev.assay.agent.command.CommandGuard;
import dev.assay.agent.command.Decision;
import dev.assay.agent.command.Finding;
import dev.assay.agent.command.Risk;
import dev.assay.agent.learned.ActionTrajectory;
import dev.assay.agent.learned.GuardMemory;
import dev.assay.agent.learned.LearnedLayer;
import dev.assay.agent.learned.TrajectoryFeatures;
import dev.assay.agent.policy.AgentKeys;
import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.policy.Policy;
import dev.assay.agent.shell.Command;
import dev.assay.agent.shell.Script;
import dev.assay.agent.shell.ShellParser;
import dev.assay.agent.shell.ShellSyntaxException;
import dev.assay.agent.shell.Word;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Decides ALLOW, DENY or ESCALATE for a proposed {@link Action} under a {@link Policy}, cheapest check first: the
 * agent's rate limit and circuit breaker ({@link AgentLimits}), then the checks. Fails closed: if a check itself
 * fails, the action is DENIED with the reason. Thread-safe; the limits are state kept per guard.
 */
public final class Guard {
    private static final Set<String> METADATA_HOSTS = Set.of("169.254.169.254", "metadata.google.internal", "metadata", "100.100.100.200",
            "fd00:ec2::254", "169.254.170.2");

    private final Policy policy;
    private final List<PathMatcher> denyFiles;
    private final List<PathMatcher> allowFiles;
    private final List<PathMatcher> readOnlyFiles;
    private final Path root;
    private final AgentLimits limits;
    private final Autonomy autonomy;
    private final GuardMemory learned;

    /** A guard that decides by its rules alone. */
    public Guard(Policy policy) {
        this(policy, null);
    }

    /**
     * A guard whose pipeline ends with the learned layer of {@code learned} (null: none), consulted when the rules
     * have not denied the action and the memory is calibrated.
     */
    public Guard(Policy policy, GuardMemory learned) {
        this.learned = learned;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.root = policy.files().root().toAbsolutePath().normalize();
        this.denyFiles = matchers(policy.files().deny());
        this.allowFiles = matchers(policy.files().allow());
        this.readOnlyFiles = matchers(policy.files().readOnly());
        this.limits = new AgentLimits(policy.limits());
        this.autonomy = new Autonomy(policy.autonomy());
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
        return out;
    }

    /** The autonomy tier {@code agent} (null: unnamed) is at now. */
    public Tier tier(String agent) {
        return autonomy.tier(agent);
    }

    /** An operator lifts {@code agent}'s safe mode or demotions: it starts over at the policy's start tier. */
    public void resetTier(String agent) {
        autonomy.reset(agent);
    }

    /** The verdict on one action; the learned layer judges it with its context and marks the exemplars it used. */
    public Verdict decide(Action action) {
        return decide(action, null, null, true);
    }

    /**
     * The verdict on one action of a labelled trajectory, for evaluation: the learned layer judges {@code trajectory}
     * (the whole interaction the action belongs to; null: the action with its context) without the exemplars stored
     * under {@code exclude} (the record's own key, so a record is never judged by what was learned from it), and
     * changes nothing in the memory.
     */
    public Verdict decideForEvaluation(Action action, Interaction trajectory, byte[] exclude) {
        return decide(action, trajectory, exclude, false);
    }

    private Verdict decide(Action action, Interaction trajectory, byte[] exclude, boolean recall) {
        Set<Finding> findings = new LinkedHashSet<>();
        var stop = limits.admit(action.agent());
        if (stop.isPresent()) return new Verdict(Decision.DENY, action, List.of(stop.get()));
        try {
            check(action, findings);
        } catch (RuntimeException e) {
            // Fail closed: whatever went wrong inside a check, the action is not allowed.
            findings.add(new Finding(Risk.GUARD_FAILURE, Decision.DENY, "the guard could not finish its checks: " + String.valueOf(e.getMessage())));
        }
        Decision checked = Decision.ALLOW;
        for (Finding f : findings) checked = checked.max(f.decision());
        String note = null;
        if (checked != Decision.DENY && learned != null && learned.ready()) {
            try {
                Interaction t = trajectory != null ? trajectory : ActionTrajectory.of(action);
                var outcome = learned.assess(t, exclude, recall);
                if (outcome.isPresent()) {
                    note = outcome.get().describe();
                    LearnedLayer.Judgement j = outcome.get().judgement();
                    if (j != null && j.decision() != Decision.ALLOW) findings.add(new Finding(Risk.LEARNED, j.decision(), learnedEvidence(j)));
                }
            } catch (RuntimeException e) {
                // Fail closed: a learned layer that cannot answer hands the action to a person.
                findings.add(new Finding(Risk.GUARD_FAILURE, Decision.ESCALATE, "the learned layer could not judge the action: " + String.valueOf(e.getMessage())));
            }
            for (Finding f : findings) checked = checked.max(f.decision());
        }
        Tier tier = autonomy.tier(action.agent());
        Decision d = tier.apply(action, checked, findings.size());
        if (d != checked) {
            findings.add(new Finding(Risk.POLICY, d, "agent " + (action.agent() == null ? AgentLimits.UNNAMED : action.agent())
                    + " is at autonomy tier " + tier + ", which turns " + checked + " into " + d));
        }
        limits.record(action.agent(), d);
        autonomy.after(action.agent(), d);
        return new Verdict(d, action, List.copyOf(findings), note);
    }

    private static String learnedEvidence(LearnedLayer.Judgement j) {
        String numbers = GuardMemory.describe(j);
        if (j.decision() == Decision.ESCALATE) {
            return String.format(Locale.ROOT, "the learned layer is unsure: %s; its entropy %.2f bits is above %.2f, so a person should decide",
                    numbers, j.entropy(), j.rule().maxEntropy());
        }
        return String.format(Locale.ROOT, "the learned layer judges it unsafe: %s, at or above the cut %.2f", numbers, j.rule().cut());
    }

    /** An instruction read in a tool result that the action then follows (indirect prompt injection): ESCALATE. */
    private static void injection(Action a, Set<Finding> out) {
        if (a.context().isEmpty()) return;
        TrajectoryFeatures.followedInstruction(ActionTrajectory.of(a)).ifPresent(i -> out.add(new Finding(Risk.INJECTION, Decision.ESCALATE,
                "the action follows an instruction in a tool result the agent read (\"" + abbreviate(i.sentence()) + "\"; shared words: "
                        + String.join(", ", i.sharedWords()) + ") that the user did not ask for")));
    }

    private void check(Action a, Set<Finding> out) {
        int size = a.arguments().toString().getBytes(StandardCharsets.UTF_8).length + a.target().getBytes(StandardCharsets.UTF_8).length;
        if (size > policy.maxArgumentBytes()) {
            out.add(new Finding(Risk.LIMIT, Decision.DENY, "the action's target and arguments are " + size + " bytes; the policy allows " + policy.maxArgumentBytes()));
            return;
        }
        signature(a, out);
        hidden(a.kind() == Action.Kind.SHELL ? "the command" : "the target", a.target(), a.kind() == Action.Kind.SHELL, out);
        hidden("the arguments", a.arguments().toString(), true, out);
        Policy.Tools tools = policy.tools();
        if (tools.deny().contains(a.tool())) out.add(new Finding(Risk.POLICY, Decision.DENY, "the policy denies the tool " + a.tool()));
        else if (tools.approve().contains(a.tool())) out.add(new Finding(Risk.POLICY, Decision.ESCALATE, "the policy wants a person to approve the tool " + a.tool()));
        else if (!tools.allow().isEmpty() && !tools.allow().contains(a.tool())) {
            out.add(new Finding(Risk.POLICY, Decision.ESCALATE, "the tool " + a.tool() + " is not on the policy's allow list"));
        }
        injection(a, out);
        switch (a.kind()) {
            case SHELL -> shell(a.target(), out);
            case FILE_READ -> file(a.target(), false, out);
            case FILE_WRITE, FILE_DELETE -> file(a.target(), true, out);
            case HTTP -> http(a.target(), out);
            case TOOL -> { }
        }
    }

    /**
     * The proposing agent's signature: a signature that does not verify is DENIED; a missing one is DENIED when the
     * policy requires signatures; a signature by an agent the policy has no key for is ESCALATED (it cannot be checked).
     */
    private void signature(Action a, Set<Finding> out) {
        Policy.Agents agents = policy.agents();
        String who = a.agent() == null ? "an unnamed agent" : "agent " + a.agent();
        if (a.signature() == null) {
            if (agents.requireSignature()) out.add(new Finding(Risk.SIGNATURE, Decision.DENY, "the policy requires signed actions, and " + who + " did not sign this one"));
            return;
        }
        String key = a.agent() == null ? null : agents.keys().get(a.agent());
        if (key == null) {
            out.add(new Finding(Risk.SIGNATURE, agents.requireSignature() ? Decision.DENY : Decision.ESCALATE,
                    "the action is signed, but the policy has no key for " + who));
            return;
        }
        if (a.signedMessage() == null || !AgentKeys.verifies(AgentKeys.publicKey(key), a.signedMessage(), a.signature())) {
            out.add(new Finding(Risk.SIGNATURE, Decision.DENY, "the signature does not verify with the key of " + who));
        }
    }

    /** NUL and other control characters, bidirectional overrides, zero-width characters; look-alike letters in commands. */
    private static void hidden(String what, String text, boolean allowNewlines, Set<Finding> out) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String problem = null;
            if (c == 0) problem = "a NUL character";
            else if (c < 0x20 && !(c == '\t' || (allowNewlines && (c == '\n' || c == '\r')))) problem = String.format(Locale.ROOT, "the control character U+%04X", (int) c);
            else if (c == 0x7f) problem = "the control character U+007F";
            else if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c) {
                problem = String.format(Locale.ROOT, "the bidirectional control U+%04X", (int) c);
            } else if ((c >= 0x200b && c <= 0x200d) || c == 0xfeff || c == 0x2060 || c == 0x00ad) {
                problem = String.format(Locale.ROOT, "the invisible character U+%04X", (int) c);
            }
            if (problem != null) {
                out.add(new Finding(Risk.HIDDEN_CHARACTERS, Decision.DENY, what + " holds " + problem + " at offset " + i));
                return;
            }
        }
    }

    private void shell(String command, Set<Finding> out) {
        Assessment a = CommandGuard.assess(command);
        out.addAll(a.findings());
        Script s;
        try {
            s = ShellParser.parse(command);
        } catch (ShellSyntaxException e) {
            return;
        }
        Set<String> programs = new LinkedHashSet<>();
        programs(s, programs);
        for (String p : programs) {
            String name = p.substring(p.lastIndexOf('/') + 1);
            if (!name.chars().allMatch(ch -> ch < 0x80)) {
                out.add(new Finding(Risk.HIDDEN_CHARACTERS, Decision.ESCALATE, "the program name " + name + " holds non-ASCII letters that may imitate another"));
            }
            if (policy.programs().deny().contains(name)) out.add(new Finding(Risk.POLICY, Decision.DENY, "the policy denies the program " + name));
            else if (!policy.programs().allow().isEmpty() && !policy.programs().allow().contains(name)) {
                out.add(new Finding(Risk.POLICY, Decision.ESCALATE, "the program " + name + " is not on the policy's allow list"));
            }
        }
    }

    private static void programs(Script s, Set<String> out) {
        for (Script.Pipeline p : s.pipelines()) for (Command c : p.commands()) programs(c, out);
    }

    private static void programs(Command c, Set<String> out) {
        switch (c) {
            case Command.Simple sc -> {
                if (!sc.words().isEmpty()) out.add(sc.words().get(0).text());
                for (Word w : sc.words()) for (Script x : w.substitutions()) programs(x, out);
                for (Word w : sc.assignments()) for (Script x : w.substitutions()) programs(x, out);
            }
            case Command.Compound cc -> {
                for (Word w : cc.words()) for (Script x : w.substitutions()) programs(x, out);
                programs(cc.body(), out);
            }
            case Command.For f -> programs(f.body(), out);
            case Command.Function fn -> programs(fn.body(), out);
        }
    }

    private void file(String path, boolean write, Set<Finding> out) {
        Path real;
        try {
            real = realPath(path);
        } catch (InvalidPathException e) {
            out.add(new Finding(Risk.POLICY, Decision.DENY, "the path " + abbreviate(path) + " is not a valid path: " + e.getReason()));
            return;
        }
        String shown = real.toString();
        if (!shown.equals(path) && !root.resolve(path).normalize().toString().equals(shown)) {
            shown = shown + " (" + abbreviate(path) + " through a symbolic link)";
        }
        for (PathMatcher m : denyFiles) {
            if (m.matches(real)) {
                out.add(new Finding(Risk.POLICY, Decision.DENY, "the policy denies the path " + shown));
                break;
            }
        }
        if (write) {
            for (PathMatcher m : readOnlyFiles) {
                if (m.matches(real)) {
                    out.add(new Finding(Risk.POLICY, Decision.DENY, "the policy makes " + shown + " read-only"));
                    break;
                }
            }
        }
        if (!allowFiles.isEmpty() && allowFiles.stream().noneMatch(m -> m.matches(real))) {
            out.add(new Finding(Risk.POLICY, Decision.ESCALATE, "the path " + shown + " is outside the policy's allowed paths"));
        }
        out.addAll(CommandGuard.assessFile(real.toString(), write).findings());
    }

    /**
     * {@code path} resolved against the policy's root, {@code .} and {@code ..} folded, and the longest part that
     * exists replaced by its real path (symbolic links followed).
     */
    Path realPath(String path) {
        String p = path.startsWith("~/") || path.equals("~") ? System.getProperty("user.home") + path.substring(1) : path;
        Path abs = root.resolve(p).normalize();
        Path existing = abs;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) return abs;
        try {
            Path realPrefix = existing.toRealPath();
            return realPrefix.resolve(existing.relativize(abs)).normalize();
        } catch (IOException e) {
            return abs;
        }
    }

    private void http(String url, Set<Finding> out) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            out.add(new Finding(Risk.POLICY, Decision.DENY, "the URL " + abbreviate(url) + " is not valid: " + e.getReason()));
            return;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            file(uri.getPath() == null ? url : uri.getPath(), false, out);
            return;
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            out.add(new Finding(Risk.NETWORK, Decision.ESCALATE, "the URL uses the scheme " + (scheme.isEmpty() ? "(none)" : scheme) + ", not http or https"));
            return;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        if (host.isEmpty()) {
            out.add(new Finding(Risk.POLICY, Decision.DENY, "the URL " + abbreviate(url) + " names no host"));
            return;
        }
        if (METADATA_HOSTS.contains(host)) {
            out.add(new Finding(Risk.CREDENTIALS, Decision.DENY, "the URL reaches the cloud metadata service " + host + ", which hands out credentials"));
        } else if (host.matches("[0-9.]+|[0-9a-f:]+")) {
            boolean internal = false;
            try {
                InetAddress ip = InetAddress.getByName(host); // a literal: no lookup
                internal = ip.isLoopbackAddress() || ip.isSiteLocalAddress() || ip.isLinkLocalAddress() || ip.isAnyLocalAddress();
            } catch (IOException e) {
                out.add(new Finding(Risk.POLICY, Decision.DENY, "the URL's host " + host + " is not a valid address"));
            }
            out.add(new Finding(Risk.NETWORK, Decision.ESCALATE, "the URL reaches the raw " + (internal ? "internal " : "") + "address " + host));
        } else if (host.equals("localhost") || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) {
            out.add(new Finding(Risk.NETWORK, Decision.ESCALATE, "the URL reaches the internal host " + host));
        }
        if (hostListed(policy.http().denyHosts(), host)) out.add(new Finding(Risk.POLICY, Decision.DENY, "the policy denies the host " + host));
        else if (!policy.http().allowHosts().isEmpty() && !hostListed(policy.http().allowHosts(), host)) {
            out.add(new Finding(Risk.POLICY, Decision.ESCALATE, "the host " + host + " is not on the policy's allow list"));
        }
    }

    private static boolean hostListed(List<String> list, String host) {
        for (String h : list) {
            String e = h.toLowerCase(Locale.ROOT);
            if (e.equals(host) || (e.startsWith(".") && (host.endsWith(e) || host.equals(e.substring(1))))) return true;
        }
        return false;
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
