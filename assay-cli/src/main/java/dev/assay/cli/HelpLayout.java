package dev.assay.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/**
 * How every command's help lays out its text. The "Commands:" list shows each subcommand's first sentence, not the
 * first line of its description: a description written over several lines would otherwise be listed cut mid-sentence,
 * and one written as a single long string would be listed whole. The description joins the lines it is written in
 * into paragraphs wrapped at the help's width (an empty line starts a new paragraph, a line starting with a space
 * stands as written), so source line breaks do not show as ragged lines.
 */
final class HelpLayout {
    /** A sentence ends at a full stop, question or exclamation mark followed by white space or the end (not e.g., i.e., etc., vs.). */
    private static final Pattern END = Pattern.compile("(?<!\\be\\.g)(?<!\\bi\\.e)(?<!\\betc)(?<!\\bvs)[.?!](?=\\s|$)");
    /** A summary longer than this is cut to its main clause. */
    static final int LONG = 100;

    private HelpLayout() {}

    /** Installs the list renderer on {@code cl} and on every command below it. */
    static void install(CommandLine cl) {
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, HelpLayout::render);
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION, HelpLayout::description);
        for (CommandLine sub : cl.getSubcommands().values()) install(sub);
    }

    private static String render(Help help) {
        if (help.subcommands().isEmpty()) return "";
        Map<String, Help> shortened = new LinkedHashMap<>();
        for (var e : help.subcommands().entrySet()) {
            CommandSpec original = e.getValue().commandSpec();
            CommandSpec spec = CommandSpec.create().name(original.name()).aliases(original.aliases());
            spec.usageMessage().description(summary(original)).hidden(original.usageMessage().hidden());
            shortened.put(e.getKey(), new Help(spec, help.colorScheme()));
        }
        return help.commandList(shortened);
    }

    private static String description(Help help) {
        String[] lines = help.commandSpec().usageMessage().description();
        if (lines.length == 0) return "";
        CommandSpec spec = CommandSpec.create();
        spec.usageMessage().description(paragraphs(lines)).width(help.commandSpec().usageMessage().width())
                .autoWidth(help.commandSpec().usageMessage().autoWidth());
        return new Help(spec, help.colorScheme()).description();
    }

    /** The description's lines joined into paragraphs: an empty line ends one, a line starting with a space stands alone. */
    static String[] paragraphs(String[] lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (line.isBlank() || Character.isWhitespace(line.charAt(0))) {
                if (!current.isEmpty()) out.add(current.toString());
                current.setLength(0);
                out.add(line.isBlank() ? "" : line);
            } else {
                if (!current.isEmpty()) current.append(' ');
                current.append(line.strip());
            }
        }
        if (!current.isEmpty()) out.add(current.toString());
        return out.toArray(String[]::new);
    }

    /**
     * The first sentence of the command's header, or else of its description, with its lines joined; a sentence longer
     * than {@value #LONG} characters is cut before its first colon or semicolon outside parentheses (one at least 40
     * characters in, so that a short lead such as "The agent action guard:" keeps what follows), and if still long,
     * loses its parenthesised asides.
     */
    static String summary(CommandSpec spec) {
        String[] text = spec.usageMessage().header().length > 0 ? spec.usageMessage().header() : spec.usageMessage().description();
        String joined = String.join(" ", text).replace("%n", " ").replace("%%", "%").replaceAll("\\s+", " ").strip();
        Matcher m = END.matcher(joined);
        String sentence = m.find() ? joined.substring(0, m.end()) : joined;
        String stop = sentence.endsWith("?") || sentence.endsWith("!") ? sentence.substring(sentence.length() - 1) : ".";
        sentence = sentence.replaceAll("[.?!]$", "");
        if (sentence.length() > LONG) sentence = mainClause(sentence);
        if (sentence.length() > LONG) sentence = withoutAsides(sentence);
        return sentence.isEmpty() ? "" : (sentence + stop).replace("%", "%%");
    }

    private static String mainClause(String s) {
        int depth = 0;
        for (int i = 0; i + 1 < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') depth++;
            else if ((c == ')' || c == ']' || c == '}') && depth > 0) depth--;
            else if (depth == 0 && (c == ':' || c == ';') && s.charAt(i + 1) == ' ' && i >= 40) return s.substring(0, i);
        }
        return s;
    }

    private static String withoutAsides(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')' && depth > 0) depth--;
            else if (depth == 0) out.append(c);
        }
        return out.toString().replaceAll("\\s+([,.;:])", "$1").replaceAll("\\s+", " ").strip();
    }
}
