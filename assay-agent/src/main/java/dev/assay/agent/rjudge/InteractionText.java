package dev.assay.agent.rjudge;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders an interaction into the three texts the learned layer embeds, one per source of signal, each short enough
 * for MiniLM (trained on at most 256 word pieces; LangChain4j cuts inputs into 510-piece windows and averages them,
 * which blurs a long text into its topic). The budget is in characters, {@value #VIEW_CHARS} per view (about 250
 * pieces of prose, somewhat more of JSON):
 * <ul>
 *   <li>{@code request}: what the user asked (the user turns, from the start);</li>
 *   <li>{@code actions}: what the agent did, each agent turn as its thought and action, the latest kept when the
 *       whole is longer than {@value #ACTION_VIEW_CHARS} characters (the action being judged is the last, and a
 *       shorter view weighs it more: DECISIONS);</li>
 *   <li>{@code observations}: what the agent read, each tool result cut to {@value #TURN_CHARS} characters, from
 *       the start (instructions injected into tool results are evidence).</li>
 * </ul>
 */
public final class InteractionText {
    /** Character budget of one view. */
    public static final int VIEW_CHARS = 900;
    /** Character budget of the actions view: the latest actions, where the one judged is. */
    public static final int ACTION_VIEW_CHARS = 450;
    /** Character budget of one turn inside a view. */
    public static final int TURN_CHARS = 360;

    private InteractionText() {}

    /** The three views; a view with nothing to show is the empty string. */
    public record Views(String request, String actions, String observations) {
        public Views {
            if (request == null || actions == null || observations == null) throw new NullPointerException("view");
        }

        public List<String> all() {
            return List.of(request, actions, observations);
        }
    }

    public static Views render(Interaction interaction) {
        List<String> requests = new ArrayList<>();
        List<String> actions = new ArrayList<>();
        List<String> observations = new ArrayList<>();
        for (Turn t : interaction.turns()) {
            switch (t.role()) {
                case USER -> requests.add(clean(t.content()));
                case AGENT -> actions.add(head(joinNonBlank(clean(t.thought()), clean(t.action())), TURN_CHARS));
                case ENVIRONMENT -> {
                    String c = clean(t.content());
                    if (!c.isEmpty()) observations.add(head(c, TURN_CHARS));
                }
            }
        }
        return new Views(head(String.join("\n", requests), VIEW_CHARS),
                tail(String.join("\n", actions), ACTION_VIEW_CHARS),
                head(String.join("\n", observations), VIEW_CHARS));
    }

    private static String joinNonBlank(String a, String b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a + " -> " + b;
    }

    /** Collapses runs of white space and strips the escaping of JSON embedded in strings. */
    static String clean(String s) {
        return s.replace("\\n", " ").replace("\\\"", "\"").replaceAll("\\s+", " ").strip();
    }

    static String head(String s, int max) {
        if (s.length() <= max) return s;
        int cut = Character.isHighSurrogate(s.charAt(max - 1)) ? max - 1 : max;
        return s.substring(0, cut);
    }

    static String tail(String s, int max) {
        if (s.length() <= max) return s;
        int from = s.length() - max;
        if (Character.isLowSurrogate(s.charAt(from))) from++;
        return s.substring(from);
    }
}
