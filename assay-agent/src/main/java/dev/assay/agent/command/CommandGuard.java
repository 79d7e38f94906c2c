package dev.assay.agent.command;

import dev.assay.agent.shell.Command;
import dev.assay.agent.shell.Redirect;
import dev.assay.agent.shell.Script;
import dev.assay.agent.shell.ShellParser;
import dev.assay.agent.shell.ShellSyntaxException;
import dev.assay.agent.shell.Word;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assesses a shell command: parses it ({@link ShellParser}) and walks every command it would run, recording each
 * {@link Finding}. The decision is the most severe finding's (DENY over ESCALATE over ALLOW); a command that does not
 * parse is DENIED, and one nested deeper than {@value #MAX_NESTING} shell levels ({@code sh -c "sh -c ..."}) is
 * ESCALATED. Stateless and thread-safe.
 */
public final class CommandGuard {
    /** Deepest chain of command strings run by shells ({@code sh -c}, {@code eval}, {@code watch}, ...) followed. */
    public static final int MAX_NESTING = 8;

    private CommandGuard() {}

    /** The assessment of one command line or script. */
    public static Assessment assess(String command) {
        Walk w = new Walk();
        w.line(command, 0, "the command");
        return Assessment.of(List.copyOf(w.findings));
    }

    /**
     * The assessment of a file an action reads ({@code write} false) or writes or deletes ({@code write} true): the
     * path's class after normalisation (credentials denied either way, persistence and system locations denied for
     * writes, persistence reads escalated).
     */
    public static Assessment assessFile(String path, boolean write) {
        Walk w = new Walk();
        w.pathsOf(path, write ? "the write" : "the read", write, !write);
        return Assessment.of(List.copyOf(w.findings));
    }

    private static final Pattern IPV4 = Pattern.compile("(?<![\\w.])(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})(?![\\w.])");
    private static final Pattern URL = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*)://([^/\\s:'\"]+)");
    private static final Pattern REMOTE_PATH = Pattern.compile("^(?:[\\w.-]+@)?([\\w.-]+\\.[\\w.-]+|\\d{1,3}(?:\\.\\d{1,3}){3}|localhost):(?!//)");
    private static final Set<String> COMPRESSORS = Set.of("gzip", "gunzip", "bzip2", "bunzip2", "xz", "unxz", "zstd", "unzstd", "lz4",
            "pigz", "pbzip2", "lzma", "lzip", "lzop", "brotli", "compress", "uncompress", "pixz", "plzip");
    private static final Set<String> BENIGN_PY_MODULES = Set.of("venv", "pip", "json.tool", "pytest", "unittest", "black", "flake8", "mypy",
            "pylint", "isort", "timeit", "compileall", "py_compile", "cProfile", "profile", "pstats", "doctest", "ensurepip", "site",
            "tabnanny", "pydoc", "calendar", "this", "tokenize", "ast", "dis", "zipfile", "tarfile", "gzip", "uuid", "sysconfig", "platform");
    private static final Set<String> DIAGNOSTICS = Set.of("ping", "ping6", "traceroute", "traceroute6", "tracepath", "mtr", "dig", "host",
            "nslookup", "whois", "arping", "fping");
    private static final Set<String> WEB_SERVERS = Set.of("httpd", "lighttpd", "nginx", "apache2", "apachectl", "mini_httpd", "thttpd",
            "darkhttpd", "webfsd", "caddy", "http-server", "miniserve", "simple-http-server", "uhttpd", "vsftpd", "proftpd", "pure-ftpd");
    private static final Pattern RUNNER_OPTION = Pattern.compile("--?(?:[a-z0-9]+-)*(command|cmd|exec|script|hook|program|pager|editor|shell|askpass)(?:-[a-z0-9]+)*");
    private static final Pattern KEY_VALUE = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.+)");
    private static final Pattern RUNNER_VARIABLE = Pattern.compile("[A-Z0-9_]*(PAGER|EDITOR|COMMAND|CMD|EXEC|SHELL|HOOK|ASKPASS|BROWSER|PROGRAM)|LESSOPEN|LESSCLOSE|VISUAL");
    /** A key typed into an interactive program: one letter, alone or followed by a path ({@code s/etc/x} in less saves to /etc/x). */
    private static final Pattern KEYSTROKE = Pattern.compile("([A-Za-z])(/\\S*)?");
    /** One-letter programs that exist ({@code w} lists users, {@code X} is the X server). */
    private static final Set<String> SINGLE_LETTER_PROGRAMS = Set.of("w", "X");
    /** An absolute path into a directory of programs inside written content: what a hook in a configuration would run. */
    private static final Pattern NAMED_PROGRAM = Pattern.compile("(?<![\\w./-])(/(?:[\\w.+-]+/)*s?bin/[\\w.+-]+)");
    private static final Set<String> WRITES_LAST = Set.of("cp", "mv", "install", "ln", "rsync", "scp", "link", "cpio", "pax");
    private static final Set<String> WRITES_ALL = Set.of("touch", "mkdir", "rm", "rmdir", "tee", "truncate", "shred", "chmod", "chown",
            "chgrp", "chattr", "setfacl", "unlink", "mkfifo", "mknod", "dos2unix", "unix2dos", "wipe", "srm");

    private static final class Walk {
        final Set<Finding> findings = new LinkedHashSet<>();

        void add(Risk risk, Decision d, String evidence) {
            findings.add(new Finding(risk, d, evidence));
        }

        void line(String text, int level, String what) {
            if (level > MAX_NESTING) {
                add(Risk.OBFUSCATION, Decision.ESCALATE, "commands nested more than " + MAX_NESTING + " shells deep");
                return;
            }
            Script s;
            try {
                s = ShellParser.parse(text);
            } catch (ShellSyntaxException e) {
                add(Risk.UNPARSEABLE, Decision.DENY, what + " does not parse: " + e.getMessage());
                return;
            }
            script(s, level);
        }

        /** Files this command line makes executable ({@code chmod +x}), by normalised path. */
        final Set<String> madeExecutable = new LinkedHashSet<>();

        /** Files this command line writes whose content names a program to run (a hook in a configuration), by normalised path, with that program. */
        final Map<String, String> writtenNamingPrograms = new LinkedHashMap<>();

        void script(Script s, int level) {
            String previous = null;
            for (Script.Pipeline p : s.pipelines()) {
                if (previous != null && p.commands().size() == 1 && p.commands().get(0) instanceof Command.Simple sc) keystroke(sc, previous);
                for (int i = 0; i < p.commands().size(); i++) {
                    command(p.commands().get(i), level, p.commands().subList(0, i));
                }
                Command last = p.commands().get(p.commands().size() - 1);
                previous = last instanceof Command.Simple sc && !sc.words().isEmpty() ? Programs.name(sc.words().get(0).text()) : null;
            }
        }

        /**
         * A line that is not a command but a key typed into the program started on the line before
         * (a single letter, alone or followed by a path, as pagers, file managers and editors take
         * them): their escapes run commands, so such input is escalated, and a path after the key is
         * checked as a file that program writes.
         */
        void keystroke(Command.Simple c, String previous) {
            if (c.words().size() != 1 || !c.assignments().isEmpty() || !c.redirects().isEmpty()) return;
            String t = c.words().get(0).text();
            Matcher m = KEYSTROKE.matcher(t);
            if (!m.matches() || SINGLE_LETTER_PROGRAMS.contains(m.group(1))) return;
            add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, "the line " + Code.excerpt(t) + " is a key typed into " + previous + ", not a command");
            if (m.group(2) != null) paths(List.of(m.group(2)), previous, true);
        }

        void command(Command c, int level, List<Command> producers) {
            switch (c) {
                case Command.Simple sc -> simple(sc, level, producers);
                case Command.Compound cc -> {
                    for (Word w : cc.words()) word(w, level);
                    script(cc.body(), level);
                    redirects(cc.redirects(), level, "a " + cc.kind());
                }
                case Command.For f -> {
                    for (Word w : f.items()) {
                        word(w, level);
                        paths(List.of(w.text()), "a for loop", false);
                    }
                    script(f.body(), level);
                    redirects(f.redirects(), level, "a for loop");
                }
                case Command.Function fn -> {
                    if (callsItself(fn.body(), fn.name())) {
                        add(Risk.DESTRUCTIVE, Decision.DENY, "function " + fn.name() + " calls itself (a fork bomb)");
                    }
                    command(fn.body(), level, List.of());
                }
            }
        }

        boolean callsItself(Command body, String name) {
            List<String> programs = new ArrayList<>();
            collectPrograms(body, programs);
            return programs.contains(name);
        }

        void collectPrograms(Command c, List<String> out) {
            switch (c) {
                case Command.Simple sc -> {
                    if (!sc.words().isEmpty()) out.add(sc.words().get(0).text());
                }
                case Command.Compound cc -> {
                    for (Script.Pipeline p : cc.body().pipelines()) for (Command x : p.commands()) collectPrograms(x, out);
                }
                case Command.For f -> {
                    for (Script.Pipeline p : f.body().pipelines()) for (Command x : p.commands()) collectPrograms(x, out);
                }
                case Command.Function fn -> { }
            }
        }

        /** A word's command substitutions run. */
        void word(Word w, int level) {
            for (Script s : w.substitutions()) script(s, level);
        }

        void simple(Command.Simple c, int level, List<Command> producers) {
            for (Word w : c.assignments()) {
                word(w, level);
                assignment(w.text(), level);
            }
            for (Word w : c.words()) word(w, level);
            String program = c.words().isEmpty() ? "a redirection" : Programs.name(c.words().get(0).text());
            redirects(c.redirects(), level, program);
            dropper(c, program);
            if (c.words().isEmpty()) return;
            argv(c.words(), c.redirects(), level, producers);
        }

        /** Content written to a file (echo/printf arguments or a here-document redirected to a file, or through tee) that is a payload. */
        void dropper(Command.Simple c, String program) {
            String target = null;
            for (Redirect r : c.redirects()) if (r.writes()) target = r.target().text();
            if (program.equals("tee") && c.words().size() > 1) target = c.words().get(c.words().size() - 1).text();
            if (target == null) return;
            StringBuilder content = new StringBuilder();
            if (Set.of("echo", "printf", "print").contains(program)) {
                for (Word w : c.words().subList(1, c.words().size())) content.append(w.text()).append(' ');
            }
            String stdin = stdinText(c.redirects());
            if (stdin != null) content.append(stdin);
            if (content.isEmpty()) return;
            Finding f = Code.payload(program, target, content.toString());
            if (f != null) findings.add(f);
            Matcher named = NAMED_PROGRAM.matcher(content);
            if (named.find()) writtenNamingPrograms.putIfAbsent(Locations.normalise(target), named.group(1));
        }

        void assignment(String text, int level) {
            int eq = text.indexOf('=');
            String name = text.substring(0, eq).replace("+", "");
            String value = text.substring(eq + 1);
            switch (name) {
                case "LD_PRELOAD", "LD_LIBRARY_PATH", "LD_AUDIT", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "ENV", "PROMPT_COMMAND",
                     "PERL5OPT", "PYTHONSTARTUP", "NODE_OPTIONS", "RUBYOPT", "GIT_SSH_COMMAND", "GIT_EXTERNAL_DIFF" ->
                        add(Risk.COMMAND_EXECUTION, Decision.DENY, "sets " + name + ", which makes programs load or run " + Code.excerpt(value));
                default -> {
                    if (RUNNER_VARIABLE.matcher(name).matches() && !value.isBlank()) {
                        commandOption("the variable " + name, value, level);
                    } else if (name.endsWith("PATH") && Set.of(value.split(":")).stream().anyMatch(d -> d.equals(".") || d.isEmpty() && value.contains(":")
                            || d.startsWith("/tmp") || d.startsWith("/dev/shm") || d.startsWith("/var/tmp"))) {
                        add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, "sets " + name + " so that programs are looked up in " + Code.excerpt(value));
                    }
                }
            }
            paths(List.of(value), "an assignment", false);
        }

        void redirects(List<Redirect> rs, int level, String program) {
            for (Redirect r : rs) {
                word(r.target(), level);
                String t = r.target().text();
                if (t.startsWith("/dev/tcp/") || t.startsWith("/dev/udp/")) {
                    add(Risk.REVERSE_SHELL, Decision.DENY, program + " redirects to a raw network socket " + t);
                    continue;
                }
                if (r.hereDoc() != null || r.op().equals("<<<")) {
                    String body = r.hereDoc() != null ? r.hereDoc() : t;
                    paths(List.of(body), program, false);
                    network(List.of(body), program);
                    continue;
                }
                if (r.writes() || r.reads()) paths(List.of(t), program, r.writes());
            }
        }

        /** The text of a here-document or here-string fed to a command's standard input, or null. */
        static String stdinText(List<Redirect> rs) {
            for (Redirect r : rs) {
                if (r.hereDoc() != null) return r.hereDoc();
                if (r.op().equals("<<<")) return r.target().text();
            }
            return null;
        }

        static boolean stdinFromFile(List<Redirect> rs) {
            for (Redirect r : rs) if (r.op().equals("<") && (r.fd() == -1 || r.fd() == 0)) return true;
            return false;
        }

        void argv(List<Word> words, List<Redirect> redirects, int level, List<Command> producers) {
            Word w0 = words.get(0);
            List<String> args = new ArrayList<>();
            for (Word w : words.subList(1, words.size())) args.add(w.text());
            if (w0.expanded() && w0.text().contains("$")) {
                add(Risk.OBFUSCATION, Decision.ESCALATE, "the program is computed when the command runs: " + Code.excerpt(w0.text()));
                paths(args, "a computed program", false);
                network(args, "a computed program");
                return;
            }
            String prog = Programs.name(w0.text());
            if (prog.isEmpty()) return;
            if (prog.equals("capsh")) {
                add(Risk.PRIVILEGE, Decision.DENY, "capsh changes capabilities and starts a shell");
                return;
            }
            if (prog.equals("su")) {
                add(Risk.PRIVILEGE, Decision.DENY, "su runs commands as another user");
                String c = optionValue(args, Set.of("-c", "--command"));
                if (c != null) line(c, level + 1, "the command given to su");
                else add(Risk.SHELL, Decision.DENY, "su starts a shell");
                return;
            }
            if (Programs.WRAPPERS.containsKey(prog)) {
                wrapper(prog, words, redirects, level, producers);
                return;
            }
            if (Programs.isShell(prog)) {
                shell(prog, words, redirects, level, producers);
                return;
            }
            switch (prog) {
                case "eval" -> {
                    boolean dynamic = words.subList(1, words.size()).stream().anyMatch(Word::expanded);
                    if (dynamic) add(Risk.OBFUSCATION, Decision.ESCALATE, "eval runs text computed when the command runs: " + Code.excerpt(String.join(" ", args)));
                    else line(String.join(" ", args), level + 1, "the text given to eval");
                    return;
                }
                case "source", "." -> {
                    if (args.isEmpty()) return;
                    String f = args.get(0);
                    if (f.equals("/dev/stdin") || f.equals("-") || f.startsWith("<(") || f.startsWith("/dev/fd/") || f.startsWith("/proc/self/fd")) {
                        add(Risk.CODE_EXECUTION, Decision.DENY, prog + " runs commands read from a pipe");
                    }
                    paths(args, prog, false);
                    return;
                }
                default -> { }
            }
            if (Programs.isInterpreter(prog)) {
                interpreter(prog, words, redirects, level, producers);
                return;
            }
            specific(prog, args, words, redirects, level);
            generic(prog, args);
        }

        void wrapper(String prog, List<Word> words, List<Redirect> redirects, int level, List<Command> producers) {
            List<String> args = new ArrayList<>();
            for (Word w : words.subList(1, words.size())) args.add(w.text());
            paths(args, prog, false);
            network(args, prog);
            if (Programs.PRIVILEGED.contains(prog)) add(Risk.PRIVILEGE, Decision.DENY, prog + " runs a command with other privileges");
            Set<String> valued = Programs.WRAPPERS.get(prog);
            int i = 1;
            switch (prog) {
                case "env" -> {
                    while (i < words.size()) {
                        String a = words.get(i).text();
                        if (a.equals("-S") || a.equals("--split-string")) {
                            if (i + 1 < words.size()) line(words.get(i + 1).text() + " " + String.join(" ", texts(words, i + 2)), level + 1, "the string given to env -S");
                            return;
                        }
                        if (a.startsWith("--split-string=")) {
                            line(a.substring(15), level + 1, "the string given to env -S");
                            return;
                        }
                        if (a.startsWith("-")) {
                            i += valued.contains(a) ? 2 : 1;
                        } else if (a.matches("[A-Za-z_][A-Za-z0-9_]*=.*")) {
                            assignment(a, level);
                            i++;
                        } else {
                            break;
                        }
                    }
                }
                case "script" -> {
                    String c = optionValue(args, Set.of("-c", "--command"));
                    if (c != null) line(c, level + 1, "the command given to script");
                    else add(Risk.SHELL, Decision.DENY, "script starts a shell");
                    return;
                }
                case "watch" -> {
                    while (i < words.size() && words.get(i).text().startsWith("-")) i += valued.contains(words.get(i).text()) ? 2 : 1;
                    if (i < words.size()) line(String.join(" ", texts(words, i)), level + 1, "the command given to watch");
                    return;
                }
                case "parallel" -> {
                    int sep = args.indexOf(":::");
                    List<String> cmd = sep < 0 ? args : args.subList(0, sep);
                    if (!cmd.isEmpty()) line(String.join(" ", cmd), level + 1, "the command given to parallel");
                    return;
                }
                case "run-parts" -> {
                    add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, "run-parts runs every script in a directory");
                    paths(args, prog, false);
                    return;
                }
                case "start-stop-daemon" -> {
                    add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, "start-stop-daemon starts a program: " + Code.excerpt(String.join(" ", args)));
                    for (String a : args) {
                        Finding f = Code.argument(prog, a);
                        if (f != null) findings.add(f);
                    }
                    return;
                }
                case "busybox" -> {
                    if (i < words.size()) argv(words.subList(i, words.size()), redirects, level + 1, producers);
                    return;
                }
                case "systemd-run" -> add(Risk.SYSTEM_CHANGE, Decision.ESCALATE, "systemd-run starts a service unit");
                default -> {
                    while (i < words.size()) {
                        String a = words.get(i).text();
                        if (a.equals("--")) {
                            i++;
                            break;
                        }
                        if (!a.startsWith("-") || a.equals("-")) break;
                        if (a.equals("-c") && Set.of("flock", "taskset").contains(prog) && i + 1 < words.size()) {
                            if (prog.equals("flock")) {
                                line(words.get(i + 1).text(), level + 1, "the command given to flock");
                                return;
                            }
                            i += 2;
                            continue;
                        }
                        if ((prog.equals("sudo") || prog.equals("doas")) && Set.of("-i", "-s", "--login", "--shell").contains(a) && i + 1 >= words.size()) {
                            add(Risk.SHELL, Decision.DENY, prog + " " + a + " starts a root shell");
                            return;
                        }
                        i += valued.contains(a) || (a.length() == 2 && valued.contains(a) ) ? 2 : 1;
                    }
                    // positional arguments a wrapper takes before the command
                    int skip = switch (prog) {
                        case "timeout", "taskset", "chrt", "flock", "chroot", "sg" -> 1;
                        case "setarch" -> i < words.size() && !words.get(i).text().startsWith("/") ? 1 : 0;
                        case "perf" -> i < words.size() && words.get(i).text().matches("record|stat|trace|sched|mem|c2c|kmem|kvm|lock|timechart") ? 1 : 0;
                        default -> 0;
                    };
                    if (prog.equals("taskset") && i < words.size() && words.get(i).text().matches("[0-9a-fA-Fx,-]+")) skip = 1;
                    i += skip;
                }
            }
            if (i >= words.size()) {
                if (Set.of("chroot", "sg", "nsenter", "unshare").contains(prog)) add(Risk.SHELL, Decision.DENY, prog + " starts a shell");
                return;
            }
            argv(words.subList(i, words.size()), redirects, level + 1, producers);
        }

        void shell(String prog, List<Word> words, List<Redirect> redirects, int level, List<Command> producers) {
            String command = null;
            boolean script = false;
            boolean interactive = false;
            boolean privileged = false;
            for (int i = 1; i < words.size(); i++) {
                String a = words.get(i).text();
                if (a.equals("-c") || (a.startsWith("-") && !a.startsWith("--") && a.length() > 1 && a.substring(1).contains("c") && a.matches("-[a-zA-Z]+"))) {
                    if (a.contains("p")) privileged = true;
                    if (a.contains("i")) interactive = true;
                    if (i + 1 < words.size()) command = words.get(i + 1).text();
                    break;
                }
                if (a.equals("-s") || a.equals("-")) break;
                if (a.equals("-i") || a.equals("--login") || a.equals("-l")) {
                    interactive = interactive || a.equals("-i");
                    continue;
                }
                if (a.startsWith("-")) {
                    if (a.matches("-[a-zA-Z]*p[a-zA-Z]*")) privileged = true;
                    if (a.matches("-[a-zA-Z]*i[a-zA-Z]*")) interactive = true;
                    continue;
                }
                script = true;
                paths(List.of(a), prog, false);
                break;
            }
            if (privileged) add(Risk.PRIVILEGE, Decision.DENY, prog + " -p keeps the privileges of a setuid caller");
            if (command != null) {
                line(command, level + 1, "the command given to " + prog + " -c");
                return;
            }
            if (script) return;
            String stdin = stdinText(redirects);
            if (stdin != null) {
                line(stdin, level + 1, "the script fed to " + prog);
                return;
            }
            if (!producers.isEmpty()) {
                fromPipe(prog, producers);
                return;
            }
            if (stdinFromFile(redirects)) {
                add(Risk.CODE_EXECUTION, Decision.ESCALATE, prog + " runs a script read from a file");
                return;
            }
            add(Risk.SHELL, Decision.DENY, prog + (interactive ? " -i" : "") + " starts an interactive shell");
        }

        void fromPipe(String prog, List<Command> producers) {
            boolean network = false;
            List<String> names = new ArrayList<>();
            for (Command p : producers) {
                if (p instanceof Command.Simple s && !s.words().isEmpty()) {
                    String n = Programs.name(s.words().get(0).text());
                    names.add(n);
                    if (Set.of("curl", "wget", "fetch", "aria2c", "nc", "ncat", "netcat", "socat", "ssh", "openssl", "telnet", "http", "lwp-request", "GET").contains(n)) network = true;
                }
            }
            if (network) add(Risk.REMOTE_CODE, Decision.DENY, prog + " runs code fetched from the network by " + String.join(" | ", names));
            else add(Risk.CODE_EXECUTION, Decision.DENY, prog + " runs the output of " + (names.isEmpty() ? "a pipeline" : String.join(" | ", names)) + " as code");
        }

        void interpreter(String prog, List<Word> words, List<Redirect> redirects, int level, List<Command> producers) {
            Set<String> codeOptions = Programs.INTERPRETERS.get(prog);
            List<String> args = new ArrayList<>();
            for (Word w : words.subList(1, words.size())) args.add(w.text());
            paths(args, prog, false);
            network(args, prog);
            if (prog.equals("php") && args.stream().anyMatch(a -> a.equals("-S") || a.startsWith("-S"))) {
                add(Risk.LISTENER, Decision.DENY, "php -S serves files to the network");
                return;
            }
            if (!codeOptions.contains("")) {
                for (String a : args) {
                    Finding f = Code.argument(prog, a);
                    if (f != null && f.decision() == Decision.DENY) findings.add(f);
                }
            }
            if (Set.of("vim", "vi", "nvim", "view", "rvim", "vimdiff", "ex").contains(prog)) {
                for (int i = 0; i < args.size(); i++) {
                    String a = args.get(i);
                    String cmd = (codeOptions.contains(a) && i + 1 < args.size()) ? args.get(i + 1) : a.startsWith("+") ? a.substring(1) : null;
                    if (cmd != null) editorCommand(prog, cmd, level);
                }
                String stdin = stdinText(redirects);
                if (stdin != null && prog.equals("ex")) editorCommand(prog, stdin, level);
                return;
            }
            if (prog.equals("ed")) {
                String stdin = stdinText(redirects);
                if (stdin != null) editorCommand(prog, stdin, level);
                return;
            }
            if (prog.equals("gdb")) {
                for (int i = 0; i < args.size(); i++) {
                    if (codeOptions.contains(args.get(i)) && i + 1 < args.size()) {
                        String c = args.get(i + 1).strip();
                        if (c.startsWith("!") || c.startsWith("shell") || c.startsWith("python") || c.startsWith("pipe") || c.startsWith("|")) {
                            add(Risk.COMMAND_EXECUTION, Decision.DENY, "gdb runs the command " + Code.excerpt(c));
                            if (c.startsWith("!")) line(c.substring(1), level + 1, "the command given to gdb");
                            else if (c.startsWith("shell")) line(c.substring(5), level + 1, "the command given to gdb");
                            else findings.addAll(Code.inline("gdb", c));
                        }
                    }
                }
                return;
            }
            if (Set.of("tmux", "screen").contains(prog)) {
                add(Risk.SHELL, Decision.DENY, prog + " starts a terminal with a shell");
                return;
            }
            String code = null;
            boolean codeFromStdin = false;
            boolean hasScript = false;
            boolean awkLike = codeOptions.contains("");
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (codeOptions.contains(a) && !a.isEmpty()) {
                    if (i + 1 < args.size()) code = args.get(i + 1);
                    break;
                }
                if (prog.equals("perl") && a.matches("-[a-zA-Z0-9]*[eE]")) {
                    if (i + 1 < args.size()) code = args.get(i + 1);
                    break;
                }
                if (prog.equals("python") || prog.equals("pypy")) {
                    if (a.equals("-m") && i + 1 < args.size()) {
                        module(args.get(i + 1), args.subList(i + 2, args.size()));
                        return;
                    }
                    if (a.startsWith("-m") && a.length() > 2) {
                        module(a.substring(2), args.subList(i + 1, args.size()));
                        return;
                    }
                    if (a.startsWith("-c") && a.length() > 2) {
                        code = a.substring(2);
                        break;
                    }
                }
                if (awkLike) {
                    if (a.equals("-f") || a.startsWith("--file")) {
                        hasScript = true;
                        break;
                    }
                    if (a.equals("-v") || a.equals("-F")) {
                        i++;
                        continue;
                    }
                    if (a.startsWith("-")) continue;
                    code = a;
                    break;
                }
                if (a.equals("-")) {
                    codeFromStdin = true;
                    break;
                }
                if (a.startsWith("-")) continue;
                hasScript = true;
                break;
            }
            if (code != null) {
                findings.addAll(Code.inline(prog, code));
                paths(List.of(code), prog + " code", false);
                network(List.of(code), prog + " code");
                return;
            }
            if (hasScript) return;
            String stdin = stdinText(redirects);
            if (stdin != null) {
                findings.addAll(Code.inline(prog, stdin));
                paths(List.of(stdin), prog + " code", false);
                return;
            }
            if (!producers.isEmpty()) {
                fromPipe(prog, producers);
                return;
            }
            if (stdinFromFile(redirects)) return;
            if (codeFromStdin || args.isEmpty() || prog.equals("irb") || prog.equals("jjs")) {
                add(Risk.CODE_EXECUTION, Decision.ESCALATE, prog + " starts an interactive interpreter");
            }
        }

        void module(String module, List<String> rest) {
            if (Set.of("http.server", "SimpleHTTPServer", "CGIHTTPServer", "smtpd", "pyftpdlib", "uploadserver", "wsgiref.simple_server").contains(module)) {
                add(Risk.LISTENER, Decision.DENY, "python -m " + module + " serves files to the network");
            } else if (Set.of("pty", "code", "pdb").contains(module)) {
                add(Risk.SHELL, Decision.DENY, "python -m " + module + " starts an interactive prompt");
            } else if (!BENIGN_PY_MODULES.contains(module)) {
                add(Risk.CODE_EXECUTION, Decision.ESCALATE, "python -m " + module + " runs a module that is not known to be safe");
            }
        }

        void editorCommand(String prog, String cmd, int level) {
            if (cmd.contains("|") && !cmd.strip().startsWith("!")) {
                for (String part : cmd.split("\\|")) editorCommand(prog, part, level);
                return;
            }
            Finding shellPath = Code.argument(prog, cmd);
            if (shellPath != null && shellPath.risk() == Risk.SHELL) findings.add(shellPath);
            String c = cmd.strip();
            while (c.startsWith(":")) c = c.substring(1).strip();
            Matcher bang = Pattern.compile("(?m)(^|[|\\s])!(.*)$").matcher(c);
            if (bang.find()) {
                add(Risk.COMMAND_EXECUTION, Decision.DENY, prog + " runs the shell command " + Code.excerpt(bang.group(2)));
                line(bang.group(2), level + 1, "the command given to " + prog);
                return;
            }
            if (c.matches("(?s)(sh|shell|te|ter|term|terminal)(\\s.*)?")) {
                add(Risk.SHELL, Decision.DENY, prog + " starts a shell with :" + c.split("\\s")[0]);
                return;
            }
            if (c.matches("(?s)(py|pyt|python|py3|python3|pyx|pythonx|lua|perl|pe|ruby|rub|rubydo|luado|perldo|pydo|py3do|call\\s+system|call\\s+libcall|exe|exec|execute).*")) {
                add(Risk.CODE_EXECUTION, Decision.DENY, prog + " runs code: " + Code.excerpt(c));
                findings.addAll(Code.inline(prog, c));
            }
        }

        /** Program-specific knowledge: options that run commands, write files, or reach the network. */
        void specific(String prog, List<String> args, List<Word> words, List<Redirect> redirects, int level) {
            switch (prog) {
                case "find" -> {
                    for (int i = 0; i < args.size(); i++) {
                        String a = args.get(i);
                        if (Set.of("-exec", "-execdir", "-ok", "-okdir").contains(a)) {
                            int end = i + 1;
                            while (end < args.size() && !args.get(end).equals(";") && !args.get(end).equals("+")) end++;
                            if (end > i + 1) argv(words.subList(i + 2, end + 1 > words.size() ? words.size() : end + 1), List.of(), level + 1, List.of());
                            i = end;
                        } else if (Set.of("-fprint", "-fprint0", "-fprintf", "-fls").contains(a) && i + 1 < args.size()) {
                            paths(List.of(args.get(i + 1)), "find " + a, true);
                        } else if (a.equals("-delete")) {
                            for (String p : args) {
                                if (p.startsWith("/") && Locations.classify(Locations.normalise(p)) != null) {
                                    add(Risk.DESTRUCTIVE, Decision.DENY, "find -delete under " + p);
                                }
                            }
                        }
                    }
                }
                case "tar" -> {
                    for (int i = 0; i < args.size(); i++) {
                        String a = args.get(i);
                        String v = valueOf(args, i, "--checkpoint-action", "--to-command", "--use-compress-program", "--rsh-command", "--info-script",
                                "--new-volume-script", "-I", "-F");
                        if (v == null) continue;
                        if (a.startsWith("--checkpoint-action")) {
                            String action = v.startsWith("exec=") ? v.substring(5) : v.startsWith("exec:") ? v.substring(5) : null;
                            if (action != null) commandOption("tar --checkpoint-action", action, level);
                        } else if (a.startsWith("-I") || a.startsWith("--use-compress-program")) {
                            String first = Programs.name(v.strip().split("\\s+")[0]);
                            if (!COMPRESSORS.contains(first)) commandOption("tar " + a.replaceFirst("=.*", ""), v, level);
                        } else if (a.startsWith("--rsh-command")) {
                            String first = Programs.name(v.strip().split("\\s+")[0]);
                            if (!Set.of("ssh", "rsh").contains(first)) commandOption("tar --rsh-command", v, level);
                        } else {
                            commandOption("tar " + a.replaceFirst("=.*", ""), v, level);
                        }
                    }
                }
                case "zip" -> {
                    String v = optionValue(args, Set.of("-TT", "--unzip-command"));
                    if (v != null) commandOption("zip --unzip-command", v, level);
                }
                case "rsync" -> {
                    String v = optionValue(args, Set.of("-e", "--rsh", "--rsync-path"));
                    if (v != null && !Set.of("ssh", "rsh").contains(Programs.name(v.strip().split("\\s+")[0]))) commandOption("rsync -e", v, level);
                    remote(prog, args);
                }
                case "git" -> {
                    for (int i = 0; i < args.size(); i++) {
                        String a = args.get(i);
                        if (a.equals("-c") && i + 1 < args.size()) {
                            String kv = args.get(i + 1);
                            int eq = kv.indexOf('=');
                            String key = (eq < 0 ? kv : kv.substring(0, eq)).toLowerCase(Locale.ROOT);
                            String value = eq < 0 ? "" : kv.substring(eq + 1);
                            if (key.matches("core\\.(pager|sshcommand|editor|fsmonitor|hookspath|gitproxy|askpass)|alias\\..*|pager\\..*|sequence\\.editor|diff\\.external|.*\\.textconv|gpg\\.program|credential\\.helper|uploadpack\\.packobjectshook|protocol\\.ext\\.allow|filter\\..*\\.(clean|smudge|process)|merge\\..*\\.driver|diff\\..*\\.command")) {
                                if (key.startsWith("alias.") && !value.startsWith("!")) continue;
                                commandOption("git -c " + key, value.startsWith("!") ? value.substring(1) : value, level);
                            }
                        } else {
                            String v = valueOf(args, i, "--upload-pack", "--receive-pack", "--exec", "-u");
                            if (v != null && !a.equals("-u")) commandOption("git " + a.replaceFirst("=.*", ""), v, level);
                            if (a.startsWith("ext::")) commandOption("git ext:: transport", a.substring(5), level);
                        }
                    }
                }
                case "ssh" -> {
                    sshOptions(prog, args, level);
                    for (String a : args) {
                        if (Set.of("-R", "-L", "-D", "-w").contains(a) || a.matches("-[RLDw].+")) {
                            add(Risk.NETWORK, Decision.DENY, "ssh " + a.substring(0, 2) + " opens a tunnel");
                            break;
                        }
                    }
                    add(Risk.NETWORK, Decision.ESCALATE, "ssh logs in to another host");
                }
                case "scp", "sftp" -> {
                    sshOptions(prog, args, level);
                    String v = optionValue(args, Set.of("-S"));
                    if (v != null) commandOption(prog + " -S", v, level);
                    remote(prog, args);
                }
                case "sed" -> sed(args, level);
                case "sort" -> {
                    String v = optionValue(args, Set.of("--compress-program"));
                    if (v != null && !COMPRESSORS.contains(Programs.name(v.split("\\s+")[0]))) commandOption("sort --compress-program", v, level);
                    String o = optionValue(args, Set.of("-o", "--output"));
                    if (o != null) paths(List.of(o), "sort -o", true);
                }
                case "split" -> {
                    String v = optionValue(args, Set.of("--filter"));
                    if (v != null) commandOption("split --filter", v, level);
                }
                case "tcpdump" -> {
                    String v = optionValue(args, Set.of("-z"));
                    if (v != null) commandOption("tcpdump -z", v, level);
                    add(Risk.NETWORK, Decision.ESCALATE, "tcpdump captures network traffic");
                }
                case "dhclient" -> {
                    String v = optionValue(args, Set.of("-sf"));
                    if (v != null) commandOption("dhclient -sf", v, level);
                }
                case "man" -> {
                    String v = optionValue(args, Set.of("-P", "--pager", "-H", "--html"));
                    if (v != null) commandOption("man " + "--pager", v, level);
                }
                case "less", "more" -> {
                    for (String a : args) if (a.startsWith("+!") || a.startsWith("+|")) commandOption(prog + " +!", a.substring(2), level);
                }
                case "crontab" -> {
                    boolean list = args.contains("-l");
                    if (!list || args.size() > 1) add(Risk.PERSISTENCE, Decision.DENY, "crontab changes scheduled commands");
                }
                case "at", "batch" -> {
                    add(Risk.PERSISTENCE, Decision.ESCALATE, prog + " schedules commands");
                    String stdin = stdinText(redirects);
                    if (stdin != null) line(stdin, level + 1, "the commands given to " + prog);
                }
                case "chmod" -> {
                    boolean exec = args.stream().anyMatch(a -> a.matches("[ugoa]*[+=][rwst]*x.*|0?[0-7]?[1357][0-7]{2}|0?[0-7]?[0-7][1357][0-7]|0?[0-7]?[0-7]{2}[1357]"));
                    if (exec) for (String a : args) if (!a.startsWith("-") && !a.matches("[0-7]+|[ugoa+=,rwxXst-]+")) madeExecutable.add(Locations.normalise(a));
                    for (String a : args) {
                        if (a.matches("([ugoa]*[+=][rwxXt]*s[rwxXst]*)(,.*)?|.*[ugoa]*[+=][rwxXt]*s.*|0?[2467][0-7]{3}")) {
                            add(Risk.PRIVILEGE, Decision.DENY, "chmod " + a + " sets a setuid or setgid bit");
                        }
                    }
                    if ((args.contains("-R") || args.contains("--recursive")) && args.stream().anyMatch(a -> a.equals("/") || a.equals("/*"))) {
                        add(Risk.DESTRUCTIVE, Decision.DENY, "chmod -R on the whole file system");
                    }
                }
                case "chown", "chgrp" -> {
                    for (String a : args) {
                        if (a.matches("root(:.*)?|0(:.*)?|:root|:0")) add(Risk.PRIVILEGE, Decision.ESCALATE, prog + " hands files to root");
                    }
                }
                case "setcap" -> add(Risk.PRIVILEGE, Decision.DENY, "setcap grants capabilities to a program");
                case "useradd", "usermod", "userdel", "adduser", "deluser", "passwd", "chpasswd", "gpasswd", "groupadd", "groupmod", "visudo", "vipw", "vigr", "newgrp", "chsh", "chfn" ->
                        add(Risk.PRIVILEGE, Decision.DENY, prog + " changes users, groups or passwords");
                case "insmod", "rmmod", "modprobe", "kexec", "sysctl" -> {
                    if (!(prog.equals("sysctl") && !args.contains("-w") && args.stream().noneMatch(a -> a.contains("=")))) {
                        add(Risk.SYSTEM_CHANGE, Decision.DENY, prog + " changes the running kernel");
                    }
                }
                case "rm" -> rm(args);
                case "dd" -> {
                    for (String a : args) {
                        if (a.startsWith("of=")) paths(List.of(a.substring(3)), "dd", true);
                        if (a.startsWith("of=/dev/") && !a.matches("of=/dev/(null|zero|stdout|stderr|tty)")) {
                            add(Risk.DESTRUCTIVE, Decision.DENY, "dd writes to the device " + a.substring(3));
                        }
                        if (a.startsWith("if=")) paths(List.of(a.substring(3)), "dd", false);
                    }
                }
                case "shutdown", "reboot", "poweroff", "halt", "telinit" -> add(Risk.DESTRUCTIVE, Decision.DENY, prog + " stops the system");
                case "init" -> {
                    if (args.contains("0") || args.contains("6")) add(Risk.DESTRUCTIVE, Decision.DENY, "init " + args.get(0) + " stops the system");
                }
                case "systemctl", "service" -> {
                    if (args.stream().anyMatch(a -> a.matches("poweroff|reboot|halt|suspend|hibernate|hybrid-sleep|kexec|emergency|rescue|isolate"))) {
                        add(Risk.DESTRUCTIVE, Decision.DENY, prog + " stops or suspends the system");
                    } else if (args.stream().anyMatch(a -> a.matches("start|stop|restart|reload|enable|disable|mask|unmask|edit|set-property|link|daemon-reload|kill|set-default"))) {
                        add(Risk.SYSTEM_CHANGE, Decision.ESCALATE, prog + " changes services");
                    }
                }
                case "kill", "killall", "pkill", "skill" -> {
                    if (args.contains("-1") && prog.equals("kill") && args.indexOf("-1") == args.size() - 1) add(Risk.DESTRUCTIVE, Decision.DENY, "kill -1 signals every process");
                    else if (!prog.equals("kill")) add(Risk.DESTRUCTIVE, Decision.ESCALATE, prog + " kills processes by name");
                }
                case "docker", "podman", "nerdctl", "ctr", "crictl", "runc", "lxc", "systemd-nspawn" -> {
                    String joined = String.join(" ", args);
                    if (joined.matches(".*((src|source)=/(,.*|$)|--privileged|--pid[= ]host|--net[= ]host|--network[= ]host|--cap-add|--security-opt|--device|-v\\s*/:|--volume[= ]/:|--userns[= ]host).*")
                            || args.stream().anyMatch(a -> a.matches("/(:.*)?|/var/run/docker\\.sock(:.*)?|/etc(:.*)?|/root(:.*)?"))) {
                        add(Risk.PRIVILEGE, Decision.DENY, prog + " runs a container with the host's privileges or file system");
                    } else if (args.contains("exec") || args.contains("run")) {
                        add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, prog + " runs a command in a container");
                    }
                }
                case "kubectl" -> {
                    if (args.contains("exec") || args.contains("run") || args.contains("debug") || args.contains("cp") || args.contains("port-forward")) {
                        add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, "kubectl " + args.stream().filter(a -> Set.of("exec", "run", "debug", "cp", "port-forward").contains(a)).findFirst().orElse("") + " reaches into a cluster");
                    }
                }
                case "apt", "apt-get", "aptitude", "yum", "dnf", "zypper", "pacman", "apk", "snap", "flatpak", "dpkg", "rpm", "brew", "port", "emerge",
                     "opkg", "pkg", "pkg_add", "nix-env", "installer" -> {
                    if (args.stream().anyMatch(a -> a.matches(".*\\.(deb|rpm|txz|tgz|apk|ipk|pkg|pkg\\.tar\\.[a-z]+)$") || prog.equals("rpm") && args.stream().anyMatch(o -> o.matches("-[a-zA-Z]*[iU][a-zA-Z]*")))) {
                        add(Risk.CODE_EXECUTION, Decision.ESCALATE, prog + " installs a local package file, running its scripts");
                    }
                    String joined = String.join(" ", args);
                    if (joined.contains("Pre-Invoke") || joined.contains("Post-Invoke") || joined.contains("DPkg::") && joined.contains("=")) {
                        commandOption(prog + " -o", joined.replaceFirst(".*?(Pre|Post)-Invoke[^=]*=", ""), level);
                    }
                    if (args.stream().anyMatch(a -> a.matches("install|remove|purge|upgrade|dist-upgrade|full-upgrade|autoremove|-i|--install|-U|-S|add|erase|reinstall|localinstall|-r|--remove|-P|--purge"))) {
                        add(Risk.SYSTEM_CHANGE, Decision.ESCALATE, prog + " installs or removes system packages");
                    }
                }
                case "pip", "pip3", "pipx", "gem", "cpan", "cpanm", "easy_install" -> {
                    for (String a : args) {
                        if (a.contains("://") || a.startsWith("git+") || a.endsWith(".tar.gz") || a.endsWith(".whl") || a.equals(".") || a.startsWith("/") || a.startsWith("./")) {
                            add(Risk.CODE_EXECUTION, Decision.ESCALATE, prog + " installs a package from " + a + ", running its build code");
                            break;
                        }
                    }
                    if (prog.equals("cpan")) add(Risk.CODE_EXECUTION, Decision.ESCALATE, "cpan runs an interactive Perl shell");
                }
                case "make", "gmake" -> {
                    String v = optionValue(args, Set.of("--eval", "-E"));
                    if (v != null && v.contains("$(shell")) commandOption("make --eval", v.replaceAll(".*\\$\\(shell\\s*|\\).*", ""), level);
                }
                case "mount", "umount" -> {
                    if (!args.isEmpty()) add(Risk.SYSTEM_CHANGE, Decision.ESCALATE, prog + " changes mounted file systems");
                }
                case "iptables", "ip6tables", "nft", "ufw", "firewall-cmd" -> add(Risk.SYSTEM_CHANGE, Decision.ESCALATE, prog + " changes the firewall");
                case "mkfs", "mke2fs", "mkswap", "wipefs", "fdisk", "sfdisk", "cfdisk", "parted", "gdisk", "sgdisk", "shred", "blkdiscard", "mdadm", "pvcreate", "lvremove", "vgremove", "cryptsetup" -> {
                    if (!(prog.equals("shred") && args.stream().noneMatch(a -> a.startsWith("/dev/") || (a.startsWith("/") && Locations.classify(Locations.normalise(a)) != null)))) {
                        add(Risk.DESTRUCTIVE, Decision.DENY, prog + " destroys a disk or file system");
                    }
                }
                case "gcore", "gdbserver" -> add(Risk.CREDENTIALS, Decision.ESCALATE, prog + " reads another process's memory");
                default -> {
                    if (prog.startsWith("mkfs.")) add(Risk.DESTRUCTIVE, Decision.DENY, prog + " formats a file system");
                    if (WEB_SERVERS.contains(prog)) add(Risk.LISTENER, Decision.ESCALATE, prog + " serves to the network");
                }
            }
            netTools(prog, args, level);
            runnerOptions(prog, args, level);
        }

        /**
         * An argument that is a file (or the directory of a file) this line wrote naming a program to
         * run, handed to a program that may read it as its configuration: a hook.
         */
        void handsOverConfiguration(String prog, List<String> args) {
            if (writtenNamingPrograms.isEmpty() || Programs.READ_ONLY.contains(prog) || WRITES_ALL.contains(prog) || WRITES_LAST.contains(prog)) return;
            for (String a : args) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : a;
                if (v.isEmpty() || v.startsWith("-")) continue;
                String n = Locations.normalise(v);
                for (var written : writtenNamingPrograms.entrySet()) {
                    String file = written.getKey();
                    if (n.equals(file) || file.startsWith(n.endsWith("/") ? n : n + "/") && !n.equals("/")) {
                        add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, prog + " is handed " + v + ", holding a file this command wrote that names the program "
                                + written.getValue() + " to run");
                        return;
                    }
                }
            }
        }

        /** An argument that is a file this line made executable, handed to a program other than itself: a hook. */
        void handsOverExecutable(String prog, List<String> args) {
            handsOverConfiguration(prog, args);
            if (madeExecutable.isEmpty() || Set.of("chmod", "chown", "chgrp", "ls", "stat", "file", "cat", "rm").contains(prog)) return;
            for (String a : args) {
                String v = a.contains("=") ? a.substring(a.indexOf('=') + 1) : a;
                String n = Locations.normalise(v);
                for (String made : madeExecutable) {
                    if (n.equals(made) || n.startsWith(made + "/") || made.startsWith(n + "/") && !n.equals("/")) {
                        add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, prog + " is handed " + v + ", a file this command made executable");
                        return;
                    }
                }
            }
        }

        /** Options whose names say they run something ({@code --password-command}, {@code --conf-script}, {@code --on-error-exec}). */
        void runnerOptions(String prog, List<String> args, int level) {
            handsOverExecutable(prog, args);
            for (String a : args) {
                Matcher kv = KEY_VALUE.matcher(a);
                if (kv.matches() && RUNNER_OPTION.matcher("--" + kv.group(1).replace('_', '-').toLowerCase(Locale.ROOT)).matches()) {
                    String value = kv.group(2);
                    if (value.startsWith("/") || value.startsWith("./") || value.contains(" ")) commandOption(prog + " " + kv.group(1), value, level);
                }
                if (a.matches("--(unsafe[a-z-]*|[a-z-]*-unsafe|no-sandbox|disable-sandbox|dangerously[a-z-]*)(=.*)?")) {
                    add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, prog + " " + a + " turns a safety check off");
                }
            }
            String first = args.stream().filter(a -> !a.startsWith("-")).findFirst().orElse("");
            if (Set.of("shell", "repl", "console", "tunnel").contains(first)) {
                add(first.equals("tunnel") ? Risk.NETWORK : Risk.SHELL, Decision.ESCALATE, prog + " " + first + " opens an interactive " + (first.equals("tunnel") ? "tunnel" : "session"));
            }
            if (!prog.equals("find") && args.stream().anyMatch(a -> a.matches("-[a-zA-Z]{0,3}[rR][a-zA-Z]{0,3}|--recursive"))) {
                for (String a : args) {
                    if (a.startsWith("-")) continue;
                    String n = Locations.normalise(a);
                    if (Set.of("/", "/etc", "/root", "/home", "HOME", "/var", "/proc").contains(n)) {
                        add(Risk.CREDENTIALS, Decision.ESCALATE, prog + " reads the whole tree " + a + ", which holds credentials");
                    }
                }
            }
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if (!a.startsWith("--")) continue;
                int eq = a.indexOf('=');
                String name = eq < 0 ? a : a.substring(0, eq);
                if (!RUNNER_OPTION.matcher(name).matches()) continue;
                String value = eq >= 0 ? a.substring(eq + 1) : i + 1 < args.size() && !args.get(i + 1).startsWith("-") ? args.get(i + 1) : null;
                if (value == null || value.isBlank()) continue;
                if (value.startsWith("/") || value.startsWith("./") || value.contains(" ") || Programs.isShell(Programs.name(value))) {
                    commandOption(prog + " " + name, value, level);
                }
            }
            for (String a : args) {
                if (a.startsWith("--listen") || a.startsWith("--bind") && a.contains("0.0.0.0")) {
                    add(Risk.LISTENER, Decision.ESCALATE, prog + " " + a.replaceFirst("=.*", "") + " opens a listener");
                    break;
                }
            }
        }

        void sshOptions(String prog, List<String> args, int level) {
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String opt = a.equals("-o") && i + 1 < args.size() ? args.get(i + 1) : a.startsWith("-o") && a.length() > 2 ? a.substring(2) : null;
                if (opt == null) continue;
                Matcher m = Pattern.compile("(?i)(ProxyCommand|LocalCommand|KnownHostsCommand|RemoteCommand|PermitLocalCommand)\\s*[= ]\\s*(.*)").matcher(opt);
                if (m.matches() && !m.group(1).equalsIgnoreCase("PermitLocalCommand")) commandOption(prog + " -o " + m.group(1), m.group(2), level);
            }
        }

        void sed(List<String> args, int level) {
            List<String> scripts = new ArrayList<>();
            boolean inPlace = false;
            boolean scriptGiven = false;
            List<String> files = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                if ((a.equals("-e") || a.equals("--expression")) && i + 1 < args.size()) {
                    scripts.add(args.get(++i));
                    scriptGiven = true;
                } else if (a.startsWith("--expression=")) {
                    scripts.add(a.substring(13));
                    scriptGiven = true;
                } else if (a.equals("-f") || a.equals("--file")) {
                    i++;
                    scriptGiven = true;
                } else if (a.startsWith("-i") || a.startsWith("--in-place") || a.matches("-[a-zA-Z]*i[a-zA-Z]*")) {
                    inPlace = true;
                } else if (a.startsWith("-")) {
                    continue;
                } else if (!scriptGiven) {
                    scripts.add(a);
                    scriptGiven = true;
                } else {
                    files.add(a);
                }
            }
            for (String s : scripts) {
                Matcher e = Pattern.compile("(?:^|[;\\n{}]|\\d|\\$|/)\\s*e\\s+(.+?)\\s*(?:$|[;\\n}])").matcher(s);
                if (e.find()) commandOption("sed e", e.group(1), level);
                else if (Pattern.compile("(?:^|[;\\n{])\\s*[0-9$]*(?:,[0-9$]+)?\\s*e\\s*(?:$|[;\\n}])").matcher(s).find()) {
                    add(Risk.COMMAND_EXECUTION, Decision.DENY, "sed e runs the pattern space as a command");
                }
                else if (Pattern.compile("s(.).*\\1.*\\1[gpIiMm0-9]*e").matcher(s).find()) {
                    add(Risk.COMMAND_EXECUTION, Decision.DENY, "sed s///e runs the pattern space as a command: " + Code.excerpt(s));
                }
                Matcher w = Pattern.compile("(?:^|[;\\n}]|\\d|\\$|/[gpIiMm0-9]*)\\s*[wW]\\s+(\\S+)").matcher(s);
                while (w.find()) paths(List.of(w.group(1)), "sed w", true);
            }
            if (inPlace) paths(files, "sed -i", true);
        }

        void rm(List<String> args) {
            boolean recursive = args.stream().anyMatch(a -> a.matches("-[a-zA-Z]*[rR][a-zA-Z]*|--recursive"));
            for (String a : args) {
                if (a.startsWith("-")) continue;
                String n = Locations.normalise(a);
                boolean top = n.equals("/") || n.equals("/*") || n.equals("HOME") || n.equals("HOME/*") || n.matches("/[^/]+") || n.equals("/home/*")
                        || a.equals(".") || a.equals("..") || a.equals("*") || a.equals(".*") || n.matches("/home/[^/]+");
                Locations.Kind k = Locations.classify(n);
                if (recursive && top) add(Risk.DESTRUCTIVE, Decision.DENY, "rm -r " + a + " deletes a whole tree the system or a user needs");
                else if (k != null) add(Risk.DESTRUCTIVE, Decision.DENY, "rm deletes " + a + " from a system location");
            }
            if (recursive && args.contains("--no-preserve-root")) add(Risk.DESTRUCTIVE, Decision.DENY, "rm --no-preserve-root");
        }

        void remote(String prog, List<String> args) {
            List<String> operands = new ArrayList<>();
            for (String a : args) if (!a.startsWith("-")) operands.add(a);
            if (operands.size() < 2) return;
            String dest = operands.get(operands.size() - 1);
            boolean toRemote = REMOTE_PATH.matcher(dest).find() || dest.startsWith("rsync://");
            if (toRemote) {
                add(Risk.EXFILTRATION, Decision.ESCALATE, prog + " copies local files to " + dest);
            } else if (operands.stream().anyMatch(o -> REMOTE_PATH.matcher(o).find())) {
                add(Risk.NETWORK, Decision.ESCALATE, prog + " copies files from another host");
            }
        }

        void netTools(String prog, List<String> args, int level) {
            if (Programs.NETCAT.contains(prog)) {
                String exec = optionValue(args, Set.of("-e", "-c", "--exec", "--sh-exec", "--lua-exec"));
                if (exec != null) {
                    add(Risk.REVERSE_SHELL, Decision.DENY, prog + " connects " + exec + " to the network");
                } else if (args.stream().anyMatch(a -> a.matches("-[a-zA-Z]*l[a-zA-Z]*|--listen"))) {
                    add(Risk.LISTENER, Decision.DENY, prog + " listens for connections");
                } else {
                    add(Risk.NETWORK, Decision.ESCALATE, prog + " opens a raw network connection");
                }
                return;
            }
            switch (prog) {
                case "socat" -> {
                    String joined = String.join(" ", args).toLowerCase(Locale.ROOT);
                    if (joined.matches(".*\\b(exec|system):.*")) add(Risk.REVERSE_SHELL, Decision.DENY, "socat connects a command to a socket");
                    else if (joined.contains("-listen")) add(Risk.LISTENER, Decision.DENY, "socat listens for connections");
                    else add(Risk.NETWORK, Decision.ESCALATE, "socat relays data over the network");
                }
                case "telnet", "ftp", "tftp", "smbclient", "rlogin", "rsh", "rcp", "lftp", "ncftp", "sshpass", "ssh-keyscan" ->
                        add(Risk.NETWORK, Decision.ESCALATE, prog + " talks to another host");
                case "openssl" -> {
                    if (args.contains("s_server")) add(Risk.LISTENER, Decision.DENY, "openssl s_server listens for connections");
                    else if (args.contains("s_client")) add(Risk.NETWORK, Decision.ESCALATE, "openssl s_client opens a connection");
                }
                case "curl" -> {
                    for (int i = 0; i < args.size(); i++) {
                        String a = args.get(i);
                        String v = valueOf(args, i, "-T", "--upload-file", "-d", "--data", "--data-binary", "--data-raw", "--data-urlencode", "-F", "--form", "--json");
                        if (v != null && (a.startsWith("-T") || a.startsWith("--upload-file") || v.contains("@"))) {
                            add(Risk.EXFILTRATION, Decision.ESCALATE, "curl sends a local file: " + Code.excerpt(v));
                            paths(List.of(v.replaceFirst("^[^@]*@", "")), "curl", false);
                        }
                        String o = valueOf(args, i, "-o", "--output");
                        if (o != null) paths(List.of(o), "curl -o", true);
                    }
                }
                case "wget" -> {
                    for (int i = 0; i < args.size(); i++) {
                        String a = args.get(i);
                        String v = valueOf(args, i, "--post-file", "--body-file");
                        if (v != null) {
                            add(Risk.EXFILTRATION, Decision.ESCALATE, "wget sends the local file " + v);
                            paths(List.of(v), "wget", false);
                        }
                        String o = valueOf(args, i, "-O", "--output-document", "-P", "--directory-prefix", "-o", "--output-file", "-a", "--append-output");
                        if (o != null) paths(List.of(o), "wget " + a.replaceFirst("=.*", ""), true);
                        String in = valueOf(args, i, "-i", "--input-file");
                        if (in != null) paths(List.of(in), "wget -i", false);
                        if (a.startsWith("--use-askpass")) commandOption("wget --use-askpass", a.replaceFirst("^--use-askpass=?", ""), level);
                    }
                }
                case "nmap" -> {
                    if (args.stream().anyMatch(a -> a.startsWith("--script") || a.equals("--interactive"))) {
                        add(Risk.CODE_EXECUTION, Decision.DENY, "nmap runs a script or an interactive prompt");
                    } else {
                        add(Risk.NETWORK, Decision.ESCALATE, "nmap scans hosts");
                    }
                }
                case "php" -> { }
                default -> {
                    for (String a : args) {
                        if (a.matches("(?i)(-S|--server)") && prog.equals("php")) add(Risk.LISTENER, Decision.DENY, "php -S serves files");
                    }
                }
            }
        }

        /** A command given to a program through an option: analysed as a command line, and never less than ESCALATE. */
        void commandOption(String where, String command, int level) {
            String c = command.strip();
            if (c.isEmpty()) return;
            int before = findings.size();
            line(c, level + 1, "the command given to " + where);
            boolean denied = false;
            int i = 0;
            for (Finding f : findings) {
                if (i++ >= before && f.decision() == Decision.DENY) denied = true;
            }
            if (!denied) add(Risk.COMMAND_EXECUTION, Decision.ESCALATE, where + " runs the command " + Code.excerpt(c));
        }

        /** Checks every argument of an ordinary program: credentials, system and persistence paths, network endpoints, shells handed over. */
        void generic(String prog, List<String> args) {
            boolean readOnly = Programs.READ_ONLY.contains(prog);
            boolean writesAll = WRITES_ALL.contains(prog);
            boolean writesLast = WRITES_LAST.contains(prog);
            List<String> operands = new ArrayList<>();
            for (String a : args) if (!a.startsWith("-") || a.length() == 1) operands.add(a);
            for (String a : args) {
                boolean written = writesAll && !a.startsWith("-") || writesLast && !operands.isEmpty() && a.equals(operands.get(operands.size() - 1)) && operands.size() > 1;
                pathsOf(a, prog, written, readOnly);
            }
            if (!DIAGNOSTICS.contains(prog)) network(args, prog);
            if (readOnly) return;
            for (String a : args) {
                Finding f = Code.argument(prog, a);
                if (f != null) findings.add(f);
            }
        }

        void paths(List<String> texts, String program, boolean written) {
            for (String t : texts) pathsOf(t, program, written, false);
        }

        void pathsOf(String text, String program, boolean written, boolean readOnly) {
            for (Locations.Hit h : Locations.in(text)) {
                switch (h.kind()) {
                    case CREDENTIALS -> add(Risk.CREDENTIALS, Decision.DENY, program + " touches credentials: " + h.path());
                    case PERSISTENCE -> {
                        if (readOnly && !written) add(Risk.PERSISTENCE, Decision.ESCALATE, program + " reads a persistence location: " + h.path());
                        else add(Risk.PERSISTENCE, Decision.DENY, program + (written ? " writes to " : " touches ") + "a persistence location: " + h.path());
                    }
                    case SYSTEM -> {
                        if (written) add(Risk.SYSTEM_WRITE, Decision.DENY, program + " writes to a system location: " + h.path());
                    }
                }
            }
        }

        void network(List<String> texts, String program) {
            for (String t : texts) {
                if (t.contains("/dev/tcp/") || t.contains("/dev/udp/")) {
                    add(Risk.REVERSE_SHELL, Decision.DENY, program + " opens a raw network socket through " + (t.contains("/dev/tcp/") ? "/dev/tcp" : "/dev/udp"));
                }
                if (t.contains("/inet/tcp/") || t.contains("/inet/udp/") || t.contains("/inet6/")) {
                    add(Risk.REVERSE_SHELL, Decision.DENY, program + " opens a raw network socket through /inet");
                }
                if (t.matches("(.*[=: ])?0\\.0\\.0\\.0([: ].*)?")) add(Risk.LISTENER, Decision.ESCALATE, program + " binds to every network interface");
                Matcher m = IPV4.matcher(t);
                while (m.find()) {
                    int a = Integer.parseInt(m.group(1));
                    boolean valid = true;
                    for (int g = 1; g <= 4; g++) valid &= Integer.parseInt(m.group(g)) <= 255;
                    if (!valid || a == 127 || m.group().equals("0.0.0.0")) continue;
                    add(Risk.NETWORK, Decision.ESCALATE, program + " talks to the raw address " + m.group());
                }
            }
        }

        static List<String> texts(List<Word> words, int from) {
            List<String> out = new ArrayList<>();
            for (int i = from; i < words.size(); i++) out.add(words.get(i).text());
            return out;
        }

        /** The value of the first of {@code options} in {@code args} ({@code -x V}, {@code -xV}, {@code --x=V}, {@code --x V}), or null. */
        static String optionValue(List<String> args, Set<String> options) {
            for (int i = 0; i < args.size(); i++) {
                String v = valueOf(args, i, options.toArray(String[]::new));
                if (v != null) return v;
            }
            return null;
        }

        /** The value of option {@code args[i]} when it is one of {@code options}, or null. */
        static String valueOf(List<String> args, int i, String... options) {
            String a = args.get(i);
            for (String o : options) {
                if (a.equals(o)) return i + 1 < args.size() ? args.get(i + 1) : null;
                if (o.startsWith("--") && a.startsWith(o + "=")) return a.substring(o.length() + 1);
                if (!o.startsWith("--") && o.length() == 2 && a.startsWith(o) && a.length() > 2) return a.substring(2);
            }
            return null;
        }
    }
}
