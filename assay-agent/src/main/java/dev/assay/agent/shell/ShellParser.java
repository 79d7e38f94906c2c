package dev.assay.agent.shell;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses the shell commands agents propose: lists ({@code ; && || &} and newlines), pipelines ({@code | |&},
 * {@code !}), simple commands with assignments and redirections ({@code < > >> >| <> <& >& &> &>> << <<- <<<},
 * descriptor numbers), here-documents, subshells, groups, {@code if}, {@code while}, {@code until}, {@code for},
 * {@code case}, functions, {@code [[ ]]} and {@code (( ))}; words with single, double and ANSI-C ({@code $'..'})
 * quoting, backslash escapes and line continuations, parameter, arithmetic and command expansions ({@code $x},
 * {@code ${..}}, {@code $((..))}, {@code $(..)}, backquotes) and process substitutions ({@code <(..) >(..)}), whose
 * scripts are parsed too. Input over {@value #MAX_LENGTH} characters, nesting deeper than {@value #MAX_DEPTH}, a NUL
 * character or a syntax error throw {@link ShellSyntaxException} naming the problem and its offset; nothing else
 * is thrown. Not thread-safe; {@link #parse} makes a parser per call.
 */
public final class ShellParser {
    /** Longest input parsed, in characters. */
    public static final int MAX_LENGTH = 1 << 20;
    /** Deepest nesting of substitutions, subshells and compound commands. */
    public static final int MAX_DEPTH = 64;
    private static final Set<String> RESERVED = Set.of("if", "then", "elif", "else", "fi", "while", "until", "do", "done",
            "for", "select", "case", "esac", "function", "{", "}", "!", "[[", "time");
    private static final String[] REDIRECTS = {"<<<", "<<-", "<<", "<&", "<>", "<", ">>", ">&", ">|", ">", "&>>", "&>"};

    private final String src;
    private final int depth;
    private int pos;
    /** Here-document bodies already read, by the offset where each starts: where to resume after it. */
    private final Map<Integer, Integer> skips;

    private ShellParser(String src, int depth, Map<Integer, Integer> skips) {
        this.src = src;
        this.depth = depth;
        this.skips = skips;
    }

    /** Parses a command line or script. */
    public static Script parse(String command) {
        if (command == null) throw new ShellSyntaxException("no command");
        if (command.length() > MAX_LENGTH) {
            throw new ShellSyntaxException("the command is " + command.length() + " characters long; at most " + MAX_LENGTH + " are parsed");
        }
        int nul = command.indexOf('\0');
        if (nul >= 0) throw new ShellSyntaxException("the command holds a NUL character at offset " + nul);
        return sub(command, 0);
    }

    private static Script sub(String text, int depth) {
        if (depth > MAX_DEPTH) throw new ShellSyntaxException("the command nests deeper than " + MAX_DEPTH + " levels");
        ShellParser p = new ShellParser(text, depth, new HashMap<>());
        Script s = p.list(Set.of(), false, false);
        p.skipBlanks();
        if (!p.eof()) throw p.error("unexpected '" + p.src.charAt(p.pos) + "'");
        return s;
    }

    // ---- lists and pipelines ----

    private Script list(Set<String> stops, boolean closeParen, boolean inCase) {
        List<Script.Pipeline> out = new ArrayList<>();
        while (true) {
            skipBlanksAndNewlines();
            if (eof()) {
                if (closeParen) throw error("missing ')'");
                break;
            }
            char c = src.charAt(pos);
            if (c == ')') {
                if (closeParen || inCase) break;
                throw error("unexpected ')'");
            }
            if (inCase && src.startsWith(";;", pos) || inCase && src.startsWith(";&", pos)) break;
            String w = peekReserved();
            if (w != null && stops.contains(w)) break;
            if (w != null && Set.of("then", "elif", "else", "fi", "do", "done", "esac", "}").contains(w)) {
                throw error("unexpected '" + w + "'");
            }
            int before = pos;
            boolean negated = false;
            if ("!".equals(w)) {
                negated = true;
                pos++;
            }
            List<Command> commands = new ArrayList<>();
            commands.add(command());
            while (true) {
                skipBlanks();
                if (src.startsWith("||", pos)) break;
                if (src.startsWith("|&", pos)) pos += 2;
                else if (at('|')) pos++;
                else break;
                skipBlanksAndNewlines();
                commands.add(command());
            }
            skipBlanks();
            String then = "";
            if (src.startsWith("&&", pos) || src.startsWith("||", pos)) {
                then = src.substring(pos, pos + 2);
                pos += 2;
            } else if (at(';') && !src.startsWith(";;", pos) && !src.startsWith(";&", pos)) {
                then = ";";
                pos++;
            } else if (at('&') && !src.startsWith("&>", pos)) {
                then = "&";
                pos++;
            } else if (at('\n')) {
                then = ";";
                newline();
            }
            out.add(new Script.Pipeline(commands, negated, then));
            if (pos == before) throw error("cannot parse");
            if (then.equals("&&") || then.equals("||")) {
                skipBlanksAndNewlines();
                if (eof()) throw error("expected a command after '" + then + "'");
            }
        }
        return new Script(out);
    }

    // ---- commands ----

    private Command command() {
        skipBlanks();
        if (eof()) throw error("expected a command");
        if (src.startsWith("((", pos)) {
            int start = pos;
            pos += 2;
            String expr = balanced('(', ')', 2);
            Word w = expandedWord("((" + expr + "))", substitutionsIn(expr), start);
            return new Command.Compound("arithmetic", List.of(w), new Script(List.of()), redirects());
        }
        if (at('(')) {
            pos++;
            Script body = nested(Set.of(), true);
            expect(")");
            return new Command.Compound("subshell", List.of(), body, redirects());
        }
        String w = peekReserved();
        if (w != null) {
            switch (w) {
                case "{" -> {
                    pos++;
                    Script body = nested(Set.of("}"), false);
                    expectWord("}");
                    return new Command.Compound("group", List.of(), body, redirects());
                }
                case "if" -> {
                    return ifCommand();
                }
                case "while", "until" -> {
                    pos += w.length();
                    List<Script.Pipeline> all = new ArrayList<>(nested(Set.of("do"), false).pipelines());
                    expectWord("do");
                    all.addAll(nested(Set.of("done"), false).pipelines());
                    expectWord("done");
                    return new Command.Compound(w, List.of(), new Script(all), redirects());
                }
                case "for", "select" -> {
                    return forCommand(w);
                }
                case "case" -> {
                    return caseCommand();
                }
                case "function" -> {
                    pos += w.length();
                    skipBlanks();
                    Word name = word();
                    skipBlanks();
                    if (src.startsWith("()", pos)) pos += 2;
                    skipBlanksAndNewlines();
                    return new Command.Function(name.text(), deeper(this::command), List.of());
                }
                case "[[" -> {
                    int start = pos;
                    pos += 2;
                    List<Word> words = new ArrayList<>();
                    while (true) {
                        skipBlanks();
                        if (eof()) throw error("missing ']]' for '[[' at offset " + start);
                        if (src.startsWith("]]", pos) && (pos + 2 == src.length() || isBreak(src.charAt(pos + 2)))) {
                            pos += 2;
                            break;
                        }
                        if (at('\n')) {
                            newline();
                            continue;
                        }
                        if (isOperatorStart()) {
                            words.add(Word.literal(String.valueOf(src.charAt(pos++))));
                            continue;
                        }
                        words.add(word());
                    }
                    return new Command.Compound("test", words, new Script(List.of()), redirects());
                }
                case "time" -> {
                    pos += 4;
                    skipBlanks();
                    if (src.startsWith("-p", pos) && (pos + 2 == src.length() || isBreak(src.charAt(pos + 2)))) pos += 2;
                    skipBlanks();
                    if (eof() || isSeparator()) return new Command.Simple(List.of(), List.of(Word.literal("time")), List.of());
                    return command();
                }
                default -> { }
            }
        }
        return simple();
    }

    private Command simple() {
        List<Word> assignments = new ArrayList<>();
        List<Word> words = new ArrayList<>();
        List<Redirect> redirects = new ArrayList<>();
        while (true) {
            skipBlanks();
            if (eof() || isSeparator()) break;
            if ((at('<') || at('>')) && pos + 1 < src.length() && src.charAt(pos + 1) == '(') {
                words.add(word());
                continue;
            }
            Redirect r = redirect();
            if (r != null) {
                redirects.add(r);
                continue;
            }
            if (at('(')) {
                if (words.size() == 1 && assignments.isEmpty() && redirects.isEmpty() && src.startsWith("()", pos)) {
                    pos += 2;
                    skipBlanksAndNewlines();
                    return new Command.Function(words.get(0).text(), deeper(this::command), List.of());
                }
                throw error("unexpected '('");
            }
            if (at(')')) break;
            int start = pos;
            Word w = word();
            if (pos == start) throw error("unexpected '" + src.charAt(pos) + "'");
            if (words.isEmpty() && isAssignment(w, start)) assignments.add(w);
            else words.add(w);
        }
        if (assignments.isEmpty() && words.isEmpty() && redirects.isEmpty()) {
            throw error(eof() ? "expected a command" : "expected a command before '" + src.charAt(pos) + "'");
        }
        return new Command.Simple(assignments, words, redirects);
    }

    private boolean isAssignment(Word w, int start) {
        int eq = w.text().indexOf('=');
        if (eq <= 0) return false;
        String name = src.substring(start, Math.min(src.length(), start + eq));
        return name.matches("[A-Za-z_][A-Za-z0-9_]*(\\[[^]]*])?\\+?");
    }

    private Command ifCommand() {
        pos += 2;
        List<Script.Pipeline> all = new ArrayList<>(nested(Set.of("then"), false).pipelines());
        expectWord("then");
        while (true) {
            all.addAll(nested(Set.of("elif", "else", "fi"), false).pipelines());
            String w = peekReserved();
            if ("elif".equals(w)) {
                pos += 4;
                all.addAll(nested(Set.of("then"), false).pipelines());
                expectWord("then");
            } else if ("else".equals(w)) {
                pos += 4;
                all.addAll(nested(Set.of("fi"), false).pipelines());
                expectWord("fi");
                break;
            } else {
                expectWord("fi");
                break;
            }
        }
        return new Command.Compound("if", List.of(), new Script(all), redirects());
    }

    private Command forCommand(String keyword) {
        pos += keyword.length();
        skipBlanks();
        if (src.startsWith("((", pos)) {
            int start = pos;
            pos += 2;
            String expr = balanced('(', ')', 2);
            Word w = expandedWord("((" + expr + "))", substitutionsIn(expr), start);
            skipBlanks();
            if (at(';')) pos++;
            skipBlanksAndNewlines();
            Script body = doDone();
            return new Command.For("", List.of(w), body, redirects());
        }
        Word name = word();
        if (!name.text().matches("[A-Za-z_][A-Za-z0-9_]*")) throw error("'" + name.text() + "' is not a valid loop variable");
        skipBlanksAndNewlines();
        List<Word> items = new ArrayList<>();
        if ("in".equals(peekWordText())) {
            word();
            while (true) {
                skipBlanks();
                if (eof()) throw error("missing 'do' in '" + keyword + "'");
                if (at(';') || at('\n')) {
                    if (at(';')) pos++;
                    else newline();
                    break;
                }
                items.add(word());
            }
        } else if (at(';')) {
            pos++;
        }
        skipBlanksAndNewlines();
        return new Command.For(name.text(), items, doDone(), redirects());
    }

    private Script doDone() {
        String w = peekReserved();
        if ("{".equals(w)) {
            pos++;
            Script body = nested(Set.of("}"), false);
            expectWord("}");
            return body;
        }
        expectWord("do");
        Script body = nested(Set.of("done"), false);
        expectWord("done");
        return body;
    }

    private Command caseCommand() {
        pos += 4;
        skipBlanks();
        Word subject = word();
        skipBlanksAndNewlines();
        if (!"in".equals(peekWordText())) throw error("expected 'in' after 'case " + subject.text() + "'");
        word();
        List<Script.Pipeline> all = new ArrayList<>();
        List<Word> words = new ArrayList<>(List.of(subject));
        while (true) {
            skipBlanksAndNewlines();
            if (eof()) throw error("missing 'esac'");
            if ("esac".equals(peekReserved())) {
                pos += 4;
                break;
            }
            if (at('(')) pos++;
            while (true) {
                skipBlanks();
                if (eof()) throw error("missing ')' after a case pattern");
                if (at(')')) {
                    pos++;
                    break;
                }
                if (at('|')) {
                    pos++;
                    continue;
                }
                int start = pos;
                words.add(word());
                if (pos == start) throw error("unexpected '" + src.charAt(pos) + "' in a case pattern");
            }
            depthCheck();
            all.addAll(list(Set.of("esac"), false, true).pipelines());
            skipBlanksAndNewlines();
            if (src.startsWith(";;&", pos)) pos += 3;
            else if (src.startsWith(";;", pos) || src.startsWith(";&", pos)) pos += 2;
        }
        return new Command.Compound("case", words, new Script(all), redirects());
    }

    // ---- redirections and here-documents ----

    private List<Redirect> redirects() {
        List<Redirect> out = new ArrayList<>();
        while (true) {
            skipBlanks();
            Redirect r = redirect();
            if (r == null) return out;
            out.add(r);
        }
    }

    /** A redirection at the cursor (with its descriptor number), or null. */
    private Redirect redirect() {
        int start = pos;
        int fd = -1;
        int p = pos;
        while (p < src.length() && Character.isDigit(src.charAt(p)) && p - pos < 9) p++;
        if (p > pos && p < src.length() && (src.charAt(p) == '<' || src.charAt(p) == '>')) {
            fd = Integer.parseInt(src.substring(pos, p));
            pos = p;
        }
        String op = null;
        for (String o : REDIRECTS) {
            if (src.startsWith(o, pos)) {
                op = o;
                break;
            }
        }
        if (op == null || (fd >= 0 && op.startsWith("&"))) {
            pos = start;
            return null;
        }
        pos += op.length();
        skipBlanks();
        if (eof() || isSeparator() || at('<') || at('>')) throw error("expected a file name after '" + op + "'");
        Word target = word();
        if (op.equals("<<") || op.equals("<<-")) {
            String delimiter = target.text();
            boolean expands = !target.quoted();
            String body = hereDocument(delimiter, op.equals("<<-"));
            return new Redirect(fd, op, target, body, expands);
        }
        return new Redirect(fd, op, target, null, false);
    }

    /**
     * Reads the body of a here-document whose operator is at the cursor: it starts after the end of the current line
     * (after the bodies of earlier here-documents on the line) and ends at a line equal to the delimiter (tabs
     * stripped for {@code <<-}) or at the end of the input. Marks it to be skipped when the parser reaches it.
     */
    private String hereDocument(String delimiter, boolean stripTabs) {
        int lineEnd = endOfLine(pos);
        if (lineEnd >= src.length()) return "";
        int first = lineEnd + 1;
        int bodyStart = first;
        while (skips.containsKey(bodyStart)) bodyStart = skips.get(bodyStart);
        StringBuilder body = new StringBuilder();
        int p = bodyStart;
        while (p < src.length()) {
            int nl = src.indexOf('\n', p);
            int end = nl < 0 ? src.length() : nl;
            String line = src.substring(p, end);
            String cmp = stripTabs ? line.replaceFirst("^\t+", "") : line;
            p = nl < 0 ? src.length() : nl + 1;
            if (cmp.equals(delimiter)) break;
            body.append(stripTabs ? cmp : line).append('\n');
        }
        skips.put(first, p);
        return body.toString();
    }

    /** The offset of the newline that ends the logical line at {@code from} (quotes and escapes respected), or the length. */
    private int endOfLine(int from) {
        boolean single = false;
        boolean dbl = false;
        for (int p = from; p < src.length(); p++) {
            char c = src.charAt(p);
            if (single) {
                if (c == '\'') single = false;
            } else if (c == '\\') {
                p++;
            } else if (dbl) {
                if (c == '"') dbl = false;
            } else if (c == '\'') {
                single = true;
            } else if (c == '"') {
                dbl = true;
            } else if (c == '\n') {
                return p;
            }
        }
        return src.length();
    }

    // ---- words ----

    private Word word() {
        int start = pos;
        StringBuilder text = new StringBuilder();
        boolean[] flags = new boolean[3]; // quoted, expanded, glob
        List<Script> subs = new ArrayList<>();
        if ((at('<') || at('>')) && pos + 1 < src.length() && src.charAt(pos + 1) == '(') {
            char dir = src.charAt(pos);
            int s0 = pos;
            pos += 2;
            Script s = nested(Set.of(), true);
            expect(")");
            subs.add(s);
            flags[1] = true;
            text.append(dir).append(src, s0 + 1, pos);
        }
        while (!eof()) {
            char c = src.charAt(pos);
            if (isBreak(c)) {
                if (c == '(' && text.length() > 0 && text.charAt(text.length() - 1) == '=' && isAssignment(Word.literal(text.toString()), start)) {
                    int s0 = pos;
                    pos++;
                    balanced('(', ')', 1);
                    text.append(src, s0, pos);
                    flags[1] = true;
                    continue;
                }
                break;
            }
            switch (c) {
                case '\\' -> {
                    if (pos + 1 >= src.length()) {
                        text.append('\\');
                        pos++;
                    } else if (src.charAt(pos + 1) == '\n') {
                        pos += 2;
                    } else {
                        text.append(src.charAt(pos + 1));
                        flags[0] = true;
                        pos += 2;
                    }
                }
                case '\'' -> {
                    int end = src.indexOf('\'', pos + 1);
                    if (end < 0) throw new ShellSyntaxException("unterminated single quote at offset " + pos);
                    text.append(src, pos + 1, end);
                    flags[0] = true;
                    pos = end + 1;
                }
                case '"' -> {
                    int open = pos;
                    pos++;
                    doubleQuoted(text, flags, subs, open);
                    flags[0] = true;
                }
                case '$' -> dollar(text, flags, subs, false);
                case '`' -> backquote(text, flags, subs);
                case '*', '?', '[' -> {
                    flags[2] = true;
                    text.append(c);
                    pos++;
                }
                default -> {
                    text.append(c);
                    pos++;
                }
            }
        }
        return new Word(text.toString(), flags[0], flags[1], flags[2], subs);
    }

    /** The body of a double-quoted string, the cursor after its opening quote; leaves the cursor after the closing one. */
    private void doubleQuoted(StringBuilder text, boolean[] flags, List<Script> subs, int open) {
        while (true) {
            if (eof()) throw new ShellSyntaxException("unterminated double quote at offset " + open);
            char c = src.charAt(pos);
            if (c == '"') {
                pos++;
                return;
            }
            if (c == '\\' && pos + 1 < src.length()) {
                char n = src.charAt(pos + 1);
                if (n == '\n') {
                    pos += 2;
                } else if (n == '$' || n == '`' || n == '"' || n == '\\') {
                    text.append(n);
                    pos += 2;
                } else {
                    text.append(c);
                    pos++;
                }
            } else if (c == '$') {
                dollar(text, flags, subs, true);
            } else if (c == '`') {
                backquote(text, flags, subs);
            } else {
                text.append(c);
                pos++;
            }
        }
    }

    private void dollar(StringBuilder text, boolean[] flags, List<Script> subs, boolean inDouble) {
        int start = pos;
        if (pos + 1 >= src.length()) {
            text.append('$');
            pos++;
            return;
        }
        char n = src.charAt(pos + 1);
        if (n == '\'' && !inDouble) {
            pos += 2;
            text.append(ansiC());
            flags[0] = true;
        } else if (n == '"' && !inDouble) {
            pos += 2;
            doubleQuoted(text, flags, subs, start);
            flags[0] = true;
        } else if (src.startsWith("$((", pos)) {
            pos += 3;
            String expr = balanced('(', ')', 2);
            subs.addAll(substitutionsIn(expr));
            text.append(src, start, pos);
            flags[1] = true;
        } else if (n == '(') {
            pos += 2;
            subs.add(nested(Set.of(), true));
            expect(")");
            text.append(src, start, pos);
            flags[1] = true;
        } else if (n == '{') {
            pos += 2;
            String inner = balanced('{', '}', 1);
            subs.addAll(substitutionsIn(inner));
            text.append(src, start, pos);
            flags[1] = true;
        } else if (Character.isLetter(n) || n == '_') {
            int p = pos + 1;
            while (p < src.length() && (Character.isLetterOrDigit(src.charAt(p)) || src.charAt(p) == '_')) p++;
            text.append(src, pos, p);
            pos = p;
            flags[1] = true;
        } else if (Character.isDigit(n) || "@*#?$!-".indexOf(n) >= 0) {
            text.append(src, pos, pos + 2);
            pos += 2;
            flags[1] = true;
        } else {
            text.append('$');
            pos++;
        }
    }

    /** The value of an ANSI-C quoted string, the cursor after {@code $'}; leaves it after the closing quote. */
    private String ansiC() {
        int open = pos - 2;
        StringBuilder out = new StringBuilder();
        while (true) {
            if (eof()) throw new ShellSyntaxException("unterminated $'...' quote at offset " + open);
            char c = src.charAt(pos);
            if (c == '\'') {
                pos++;
                return out.toString();
            }
            if (c != '\\' || pos + 1 >= src.length()) {
                out.append(c);
                pos++;
                continue;
            }
            char e = src.charAt(pos + 1);
            pos += 2;
            switch (e) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'e', 'E' -> out.append('\u001b');
                case 'f' -> out.append('\f');
                case 'v' -> out.append('\u000b');
                case 'x' -> out.appendCodePoint(number(16, 2, 0x7f));
                case 'u' -> out.appendCodePoint(number(16, 4, 0x10ffff));
                case 'U' -> out.appendCodePoint(number(16, 8, 0x10ffff));
                case 'c' -> {
                    if (!eof()) out.append((char) (src.charAt(pos++) & 0x1f));
                }
                default -> {
                    if (e >= '0' && e <= '7') {
                        pos--;
                        out.appendCodePoint(number(8, 3, 0xff));
                    } else {
                        if (e != '\\' && e != '\'' && e != '"' && e != '?') out.append('\\');
                        out.append(e);
                    }
                }
            }
        }
    }

    private int number(int radix, int maxDigits, int max) {
        int p = pos;
        int v = 0;
        while (p < src.length() && p - pos < maxDigits && Character.digit(src.charAt(p), radix) >= 0) {
            v = v * radix + Character.digit(src.charAt(p), radix);
            p++;
        }
        pos = p;
        if (v == 0 || v > max || (v >= 0xd800 && v <= 0xdfff)) return 0xfffd;
        return v;
    }

    private void backquote(StringBuilder text, boolean[] flags, List<Script> subs) {
        int start = pos;
        StringBuilder inner = new StringBuilder();
        pos++;
        while (true) {
            if (eof()) throw new ShellSyntaxException("unterminated backquote at offset " + start);
            char c = src.charAt(pos);
            if (c == '`') {
                pos++;
                break;
            }
            if (c == '\\' && pos + 1 < src.length() && "$`\\".indexOf(src.charAt(pos + 1)) >= 0) {
                inner.append(src.charAt(pos + 1));
                pos += 2;
            } else {
                inner.append(c);
                pos++;
            }
        }
        subs.add(sub(inner.toString(), depth + 1));
        text.append(src, start, pos);
        flags[1] = true;
    }

    /**
     * The text up to the matching closer, the cursor after {@code open} count openers; leaves it after the
     * {@code closers} closing characters. Quotes inside are skipped over.
     */
    private String balanced(char open, char close, int closers) {
        int start = pos;
        int level = 0;
        while (true) {
            if (eof()) throw new ShellSyntaxException("missing '" + String.valueOf(close).repeat(closers) + "' for the '" + open + "' before offset " + start);
            char c = src.charAt(pos);
            if (c == '\\') {
                pos += 2;
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = src.indexOf(c, pos + 1);
                if (end < 0) throw new ShellSyntaxException("unterminated quote at offset " + pos);
                pos = end + 1;
                continue;
            }
            if (c == open) level++;
            if (c == close) {
                if (level == 0 && src.startsWith(String.valueOf(close).repeat(closers), pos)) {
                    String inner = src.substring(start, pos);
                    pos += closers;
                    return inner;
                }
                if (level > 0) level--;
            }
            pos++;
        }
    }

    /** The command substitutions inside an expansion's text ({@code ${x:-$(cmd)}}, {@code $(( $(cmd) + 1 ))}). */
    private List<Script> substitutionsIn(String text) {
        if (!text.contains("$(") && !text.contains("`")) return List.of();
        depthCheck();
        ShellParser p = new ShellParser(text, depth + 1, new HashMap<>());
        StringBuilder sink = new StringBuilder();
        boolean[] flags = new boolean[3];
        List<Script> subs = new ArrayList<>();
        while (!p.eof()) {
            char c = p.src.charAt(p.pos);
            if (c == '$') p.dollar(sink, flags, subs, true);
            else if (c == '`') p.backquote(sink, flags, subs);
            else if (c == '\\') p.pos += 2;
            else if (c == '\'') {
                int end = p.src.indexOf('\'', p.pos + 1);
                p.pos = end < 0 ? p.src.length() : end + 1;
            } else p.pos++;
        }
        return subs;
    }

    private static Word expandedWord(String text, List<Script> subs, int start) {
        return new Word(text, false, true, false, subs);
    }

    // ---- helpers ----

    private Script nested(Set<String> stops, boolean closeParen) {
        depthCheck();
        depthLevel++;
        try {
            return list(stops, closeParen, false);
        } finally {
            depthLevel--;
        }
    }

    private int depthLevel;

    private void depthCheck() {
        if (depth + depthLevel >= MAX_DEPTH) throw new ShellSyntaxException("the command nests deeper than " + MAX_DEPTH + " levels");
    }

    private Command deeper(java.util.function.Supplier<Command> parse) {
        depthCheck();
        depthLevel++;
        try {
            return parse.get();
        } finally {
            depthLevel--;
        }
    }

    /** The unquoted reserved word at the cursor (after blanks), or null; does not move the cursor past blanks. */
    private String peekReserved() {
        skipBlanks();
        if (eof()) return null;
        char c = src.charAt(pos);
        if (c == '{' || c == '}' || c == '!') {
            return pos + 1 == src.length() || isBreak(src.charAt(pos + 1)) || Character.isWhitespace(src.charAt(pos + 1)) ? String.valueOf(c) : null;
        }
        if (src.startsWith("[[", pos)) {
            return pos + 2 == src.length() || Character.isWhitespace(src.charAt(pos + 2)) ? "[[" : null;
        }
        if (!Character.isLetter(c)) return null;
        int p = pos;
        while (p < src.length() && Character.isLetter(src.charAt(p))) p++;
        if (p < src.length() && !isBreak(src.charAt(p))) return null;
        String w = src.substring(pos, p);
        return RESERVED.contains(w) ? w : null;
    }

    /** The plain text of the word at the cursor (after blanks) without consuming it, or null. */
    private String peekWordText() {
        skipBlanks();
        int p = pos;
        while (p < src.length() && Character.isLetter(src.charAt(p))) p++;
        if (p == pos || (p < src.length() && !isBreak(src.charAt(p)))) return null;
        return src.substring(pos, p);
    }

    private void expectWord(String w) {
        skipBlanksAndNewlines();
        if (!w.equals(peekReserved())) {
            throw error(eof() ? "missing '" + w + "'" : "expected '" + w + "' but found '" + preview() + "'");
        }
        pos += w.length();
    }

    private void expect(String s) {
        skipBlanksAndNewlines();
        if (!src.startsWith(s, pos)) throw error(eof() ? "missing '" + s + "'" : "expected '" + s + "' but found '" + preview() + "'");
        pos += s.length();
    }

    private String preview() {
        int end = Math.min(src.length(), pos + 12);
        return src.substring(pos, end).replace("\n", "\\n");
    }

    private void skipBlanks() {
        while (!eof()) {
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r') {
                pos++;
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos += 2;
            } else if (c == '#' && (pos == 0 || Character.isWhitespace(src.charAt(pos - 1)) || ";&|()".indexOf(src.charAt(pos - 1)) >= 0)) {
                while (!eof() && src.charAt(pos) != '\n') pos++;
            } else {
                return;
            }
        }
    }

    private void skipBlanksAndNewlines() {
        while (true) {
            skipBlanks();
            if (at('\n')) newline();
            else return;
        }
    }

    /** Consumes a newline and jumps over the here-document bodies that follow it. */
    private void newline() {
        pos++;
        Integer resume = skips.get(pos);
        if (resume != null) pos = resume;
    }

    private boolean isSeparator() {
        char c = src.charAt(pos);
        if (c == ';' || c == '|' || c == '\n' || c == ')') return true;
        return c == '&' && !src.startsWith("&>", pos);
    }

    private boolean isOperatorStart() {
        char c = src.charAt(pos);
        return c == '(' || c == ')' || c == '<' || c == '>' || c == '&' || c == '|' || c == ';';
    }

    private static boolean isBreak(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ';' || c == '&' || c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
    }

    private boolean at(char c) {
        return pos < src.length() && src.charAt(pos) == c;
    }

    private boolean eof() {
        return pos >= src.length();
    }

    private ShellSyntaxException error(String what) {
        return new ShellSyntaxException(what + " at offset " + pos);
    }
}
