package dev.assay.cli.fingerprint;

import dev.assay.cli.CliContext;
import dev.assay.cli.ExitCodes;
import dev.assay.cli.ProgressOptions;
import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.encode.EncoderConfig;
import dev.assay.fingerprint.probe.Probe;
import dev.assay.fingerprint.probe.ProbeSelector;
import dev.assay.fingerprint.probe.ProbeSet;
import dev.assay.fingerprint.probe.Separation;
import dev.assay.fingerprint.probe.Strategy;
import dev.assay.fingerprint.probe.Variant;
import dev.assay.fingerprint.signature.Signature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code assay fingerprint probes --from PROBES --strategy ... --out FILE}: which probes to ask, in order. */
@Command(name = "probes", description = {"Orders probes so that few answers identify a model, and writes the first --count as JSON lines",
        "{prompt_id, prompt}. information-gain needs two or more --reference models (signatures or response logs) and prefers",
        "probes that separate the pairs of candidates the probes before left confused; probes no reference answered get a",
        "separation predicted from the most similar prompts. diversity picks far-apart prompts; random a seeded order.",
        "Standard output lists the chosen probes; its last line is the probe set id (as signatures over those probes carry)."},
        footer = {ExitCodes.EXAMPLE,
                "  assay fingerprint probes --from probes.jsonl --reference a.asfp --reference b.jsonl --strategy information-gain --count 16 --out chosen.jsonl",
                ExitCodes.HELP,
                ExitCodes.HELP_OK,
                ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL})
public final class ProbesCommand implements Callable<Integer> {
    @Option(names = "--from", paramLabel = "PROBES.jsonl", required = true,
            description = "The candidate probes: JSON lines with prompt_id and prompt, each prompt_id once (other fields are ignored)")
    Path from;

    @Option(names = "--out", paramLabel = "PROBES.jsonl", required = true, description = "Where to write the chosen probes, in order")
    Path out;

    @Option(names = "--reference", paramLabel = "SIG|LOG", description = "A candidate model: a signature or a response log; repeatable (information-gain)")
    List<Path> references = new ArrayList<>();

    @Option(names = "--strategy", defaultValue = "diversity", description = "information-gain, diversity or random")
    String strategy;

    @Option(names = "--count", defaultValue = "0", description = "How many probes to choose (0: all of them, ordered)")
    int count;

    @Option(names = "--selection-seed", defaultValue = "1", description = "Seed of the order (random) and of every tie-break")
    long selectionSeed;

    @Option(names = "--variants", paramLabel = "KINDS", arity = "0..1", fallbackValue = "all",
            description = "After each chosen probe, add its adversarial variants: all, or a comma-separated list of one-word, json, format, conflict, distractor, case, whitespace, typos")
    String variants;

    @Mixin
    LogOptions logOptions;

    @Mixin
    ProgressOptions progress;

    @Spec
    CommandSpec spec;

    static Strategy strategy(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "information-gain" -> Strategy.INFORMATION_GAIN;
            case "diversity" -> Strategy.DIVERSITY;
            case "random" -> Strategy.RANDOM;
            case "uncertainty" -> throw new InvalidInputException("--strategy uncertainty is adaptive (each probe chosen after the previous answer); it has no fixed order to write");
            default -> throw new InvalidInputException("--strategy must be information-gain, diversity or random, but was " + name);
        };
    }

    static Set<Variant> variants(String list) {
        if (list.equalsIgnoreCase("all")) return EnumSet.allOf(Variant.class);
        Set<Variant> out = EnumSet.noneOf(Variant.class);
        for (String s : list.split(",")) {
            if (!s.isBlank()) out.add(Variant.parse(s.strip()));
        }
        if (out.isEmpty()) throw new InvalidInputException("--variants names no variant");
        return out;
    }

    @Override
    public Integer call() {
        CliContext ctx = CliContext.of(spec);
        Strategy s = strategy(strategy);
        Set<Variant> kinds = variants == null ? Set.of() : variants(variants);
        if (s != Strategy.INFORMATION_GAIN && !references.isEmpty()) {
            throw new InvalidInputException("--reference is used only by --strategy information-gain; " + strategy + " takes no references");
        }
        if (count < 0) throw new InvalidInputException("--count must be 0 (all) or more, but was " + count);
        ProbeSet probes = ProbeSet.read(from);
        int n = count == 0 ? probes.size() : count;
        if (n > probes.size()) throw new InvalidInputException("--count " + count + " is more than the " + probes.size() + " probes in " + from);
        PrintWriter err = ctx.err();
        EncoderConfig config = logOptions.config();
        Separation separation = null;
        if (s == Strategy.INFORMATION_GAIN) {
            if (references.size() < 2) throw new InvalidInputException("--strategy information-gain needs two or more --reference models, but got " + references.size());
            for (Path p : references) {
                if (Signature.looksLikeSignature(p)) {
                    config = Signature.read(p).config();
                    break;
                }
            }
            List<Signature> refs = new ArrayList<>();
            var prog = progress.progress(ctx);
            for (Path p : references) refs.add(logOptions.reference(p, config, err, prog));
            separation = separation(refs, probes, config, err);
        }
        ProbeSet chosen = ProbeSelector.select(s, probes, separation, config, n, selectionSeed);
        ProbeSet written = kinds.isEmpty() ? chosen : ProbeSelector.withVariants(chosen, kinds, selectionSeed);
        written.write(out);
        PrintWriter o = ctx.out();
        int i = 0;
        for (Probe p : written.probes()) o.printf(Locale.ROOT, "%4d  %s%n", ++i, p.id());
        o.println(written.id());
        o.flush();
        err.flush();
        return ExitCodes.OK;
    }

    /** The references' separation of the probes they answered, and a predicted one for the rest. */
    static Separation separation(List<Signature> refs, ProbeSet probes, EncoderConfig config, PrintWriter err) {
        List<Probe> answered = new ArrayList<>();
        List<Probe> unanswered = new ArrayList<>();
        for (Probe p : probes.probes()) {
            long by = refs.stream().filter(r -> r.probe(p.id()) != null).count();
            (by >= 2 ? answered : unanswered).add(p);
        }
        if (answered.isEmpty()) {
            throw new InvalidInputException("no probe of the set was answered by two or more references; build the references from responses to these probes");
        }
        Separation known = Separation.fromReferences(refs, answered.stream().map(Probe::id).toList());
        if (unanswered.isEmpty()) return known;
        err.printf(Locale.ROOT, "note: %d of %d probes were answered by fewer than two references; their separation is predicted from the %d most similar answered prompts%n",
                unanswered.size(), probes.size(), ProbeSelector.DEFAULT_NEIGHBOURS);
        return known.with(known.transfer(new ProbeSet(answered), new ProbeSet(unanswered), config, ProbeSelector.DEFAULT_NEIGHBOURS));
    }
}
