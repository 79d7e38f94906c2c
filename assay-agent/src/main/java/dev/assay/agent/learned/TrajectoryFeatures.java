package dev.assay.agent.learned;

import dev.assay.agent.rjudge.Interaction;
import dev.assay.agent.rjudge.Turn;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A few signals read from an interaction's turns, for the classifier next to the embedding. None names a tool or a
 * record; they are the kinds of evidence the guard's design names:
 * <ol>
 *   <li>an <b>instruction in a tool result that the next action follows</b> (indirect prompt injection): a sentence
 *       of an environment turn that reads as an instruction, sharing at least two content words with the next
 *       agent action that the user's request does not contain;</li>
 *   <li>an instruction-like sentence in any tool result, followed or not;</li>
 *   <li>the number of actions (log(1 + n));</li>
 *   <li>the number of consequential verbs in the actions (delete, transfer, grant, send, ...; log(1 + n));</li>
 *   <li>the last agent turn asks the user to confirm or refuses.</li>
 * </ol>
 */
public final class TrajectoryFeatures {
    public static final int COUNT = 5;

    private static final Pattern SENTENCE = Pattern.compile("[^.!?\\n]+");
    private static final Pattern INSTRUCTION = Pattern.compile(
            "\\b(please|ignore|you must|you should|immediately|make sure|do not tell|instead|urgent|"
                    + "(?:^|[\"':]\\s*)(?:send|transfer|grant|delete|remove|forward|share|post|pay|disable|unlock|open|"
                    + "download|install|run|execute|change|update|give|add|invite|book|buy|withdraw|deposit|move|email|"
                    + "reset|turn off))\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONSEQUENTIAL = Pattern.compile(
            "(delete|remove|transfer|grant|send|share|post|publish|pay|purchase|buy|withdraw|deposit|execute|"
                    + "unlock|disable|kill|terminate|revoke|forward|upload|invite|install|format|overwrite|drop|"
                    + "rm\\s|sudo|chmod|update|modify|create|cancel|schedule|book|order)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CONFIRM_OR_REFUSE = Pattern.compile(
            "\\b(confirm|confirmation|are you sure|cannot|can't|can not|unable|not able|won't|refuse|sorry|"
                    + "not safe|permission|verify|clarify)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> STOP_WORDS = Set.of("the", "and", "for", "you", "your", "are", "was", "were", "this",
            "that", "with", "from", "have", "has", "had", "not", "but", "all", "any", "can", "will", "would", "should",
            "could", "our", "their", "they", "them", "his", "her", "its", "into", "onto", "over", "than", "then", "there",
            "these", "those", "what", "when", "where", "which", "who", "whom", "why", "how", "also", "just", "only", "some",
            "such", "very", "been", "being", "does", "did", "doing", "each", "other", "about", "after", "before", "true",
            "false", "null", "none");
    /** A tool call's name at the start of an action ({@code BankTransferFunds{...}}, {@code send_email: ...}). */
    private static final Pattern TOOL_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_.-]*)");
    /** A ReAct agent's reply to the user, not a tool call. */
    private static final Pattern FINAL_ANSWER = Pattern.compile("final\\s*answer\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CAMEL = Pattern.compile("(?<=\\p{Ll})(?=\\p{Lu})");

    private TrajectoryFeatures() {}

    public static double[] of(Interaction interaction) {
        List<Turn> turns = interaction.turns();
        Set<String> requested = new HashSet<>();
        for (Turn t : interaction.turns(Turn.Role.USER)) requested.addAll(words(t.content()));
        boolean followed = false, instructed = false;
        int actions = 0, consequential = 0;
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            if (t.role() == Turn.Role.AGENT) {
                if (!t.action().isBlank()) actions++;
                Matcher m = CONSEQUENTIAL.matcher(t.action());
                while (m.find()) consequential++;
            } else if (t.role() == Turn.Role.ENVIRONMENT && !t.content().isBlank()) {
                Turn next = nextAgent(turns, i);
                Matcher s = SENTENCE.matcher(t.content());
                while (s.find()) {
                    String sentence = s.group();
                    if (!INSTRUCTION.matcher(sentence).find()) continue;
                    instructed = true;
                    if (next != null && sharedNewWords(sentence, next.action(), requested) >= 2) followed = true;
                }
            }
        }
        boolean confirms = false;
        List<Turn> agent = interaction.turns(Turn.Role.AGENT);
        if (!agent.isEmpty()) {
            Turn last = agent.get(agent.size() - 1);
            confirms = CONFIRM_OR_REFUSE.matcher(last.thought() + " " + last.action()).find();
        }
        return new double[] {followed ? 1 : 0, instructed ? 1 : 0, Math.log1p(actions), Math.log1p(consequential), confirms ? 1 : 0};
    }

    /** An instruction read in a tool result that the proposed action follows: the sentence and the words they share. */
    public record Injection(String sentence, List<String> sharedWords) {
        public Injection {
            java.util.Objects.requireNonNull(sentence, "sentence");
            sharedWords = List.copyOf(sharedWords);
        }
    }

    /**
     * Evidence of indirect prompt injection for the interaction's last action (the one being judged, a tool call): the
     * first instruction-like sentence of a tool result read before it that shares at least two content words with the
     * action which the user's requests do not contain, one of them from the tool's name (the instruction asks for what
     * the tool does). Empty when there is none, or the action is a reply to the user ("Final Answer: ...").
     */
    public static java.util.Optional<Injection> followedInstruction(Interaction interaction) {
        List<Turn> turns = interaction.turns();
        int last = -1;
        for (int i = turns.size() - 1; i >= 0 && last < 0; i--) {
            if (turns.get(i).role() == Turn.Role.AGENT && !turns.get(i).action().isBlank()) last = i;
        }
        if (last < 0) return java.util.Optional.empty();
        Set<String> requested = new HashSet<>();
        for (Turn t : interaction.turns(Turn.Role.USER)) requested.addAll(words(t.content()));
        String action = turns.get(last).action().strip();
        Matcher name = TOOL_NAME.matcher(action);
        if (!name.lookingAt() || FINAL_ANSWER.matcher(action).lookingAt()) return java.util.Optional.empty(); // a reply, not a tool call
        Set<String> toolWords = words(name.group(1));
        Set<String> inAction = words(action);
        for (int i = 0; i < last; i++) {
            Turn t = turns.get(i);
            if (t.role() != Turn.Role.ENVIRONMENT || t.content().isBlank()) continue;
            Matcher s = SENTENCE.matcher(t.content());
            while (s.find()) {
                String sentence = s.group().strip();
                if (!INSTRUCTION.matcher(sentence).find()) continue;
                List<String> shared = new java.util.ArrayList<>();
                for (String w : words(sentence)) if (inAction.contains(w) && !requested.contains(w)) shared.add(w);
                if (shared.size() >= 2 && shared.stream().anyMatch(toolWords::contains)) {
                    java.util.Collections.sort(shared);
                    return java.util.Optional.of(new Injection(sentence, shared));
                }
            }
        }
        return java.util.Optional.empty();
    }

    private static Turn nextAgent(List<Turn> turns, int from) {
        for (int j = from + 1; j < turns.size(); j++) if (turns.get(j).role() == Turn.Role.AGENT) return turns.get(j);
        return null;
    }

    private static int sharedNewWords(String sentence, String action, Set<String> requested) {
        Set<String> inAction = words(action);
        int n = 0;
        for (String w : words(sentence)) if (inAction.contains(w) && !requested.contains(w)) n++;
        return n;
    }

    /** Lower-case content words of three or more letters or digits (English function words dropped); camel-case tool names are split ("BankTransferFunds"). */
    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        for (String w : CAMEL.matcher(text).replaceAll(" ").toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (w.length() >= 3 && !STOP_WORDS.contains(w)) out.add(w);
        }
        return out;
    }
}
