package dev.assay.agent.command;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** What Assay knows about programs: shells, interpreters, read-only tools, wrappers, network tools. */
final class Programs {
    static final Set<String> SHELLS = Set.of("sh", "bash", "dash", "zsh", "ksh", "ksh93", "mksh", "pdksh", "csh", "tcsh", "fish",
            "ash", "rbash", "yash", "posh", "elvish", "nu", "xonsh", "rc", "es", "sash", "hush", "msh", "oksh", "loksh", "zsh5");

    /** Interpreters and the options that take inline code ("" when the first operand is the code, as for awk). */
    static final Map<String, Set<String>> INTERPRETERS = Map.ofEntries(
            Map.entry("python", Set.of("-c")), Map.entry("pypy", Set.of("-c")), Map.entry("perl", Set.of("-e", "-E")),
            Map.entry("ruby", Set.of("-e")), Map.entry("irb", Set.of()), Map.entry("jruby", Set.of("-e")),
            Map.entry("node", Set.of("-e", "--eval", "-p", "--print")), Map.entry("nodejs", Set.of("-e", "--eval", "-p", "--print")),
            Map.entry("deno", Set.of("eval")), Map.entry("bun", Set.of("-e", "--eval")), Map.entry("php", Set.of("-r")),
            Map.entry("lua", Set.of("-e")), Map.entry("luajit", Set.of("-e")), Map.entry("julia", Set.of("-e", "-E", "--eval")),
            Map.entry("tclsh", Set.of()), Map.entry("wish", Set.of()), Map.entry("expect", Set.of("-c")),
            Map.entry("rscript", Set.of("-e")), Map.entry("r", Set.of("-e")), Map.entry("jrunscript", Set.of("-e")),
            Map.entry("jjs", Set.of()), Map.entry("groovy", Set.of("-e")), Map.entry("scala", Set.of("-e")),
            Map.entry("guile", Set.of("-c")), Map.entry("gawk", Set.of("")), Map.entry("awk", Set.of("")), Map.entry("mawk", Set.of("")),
            Map.entry("nawk", Set.of("")), Map.entry("busybox-awk", Set.of("")), Map.entry("pwsh", Set.of("-c", "-command")),
            Map.entry("powershell", Set.of("-c", "-command")), Map.entry("osascript", Set.of("-e")), Map.entry("octave", Set.of("--eval")),
            Map.entry("sqlite3", Set.of("-cmd")), Map.entry("gnuplot", Set.of("-e")), Map.entry("gimp", Set.of("--batch", "-b")),
            Map.entry("racket", Set.of("-e")), Map.entry("sbcl", Set.of("--eval")), Map.entry("clisp", Set.of("-x")), Map.entry("ghci", Set.of("-e")),
            Map.entry("runghc", Set.of()), Map.entry("crash", Set.of()), Map.entry("dc", Set.of("-e")), Map.entry("bc", Set.of()),
            Map.entry("ed", Set.of()), Map.entry("ex", Set.of("-c", "--cmd")), Map.entry("vim", Set.of("-c", "--cmd")),
            Map.entry("vi", Set.of("-c", "--cmd")), Map.entry("nvim", Set.of("-c", "--cmd")), Map.entry("view", Set.of("-c", "--cmd")),
            Map.entry("rvim", Set.of("-c", "--cmd")), Map.entry("vimdiff", Set.of("-c", "--cmd")), Map.entry("gdb", Set.of("-ex", "--eval-command", "-iex")),
            Map.entry("emacs", Set.of("--eval", "-eval")), Map.entry("nano", Set.of()), Map.entry("tmux", Set.of()), Map.entry("screen", Set.of()),
            Map.entry("m4", Set.of()));

    /** Programs that only read the files they are given (their arguments are never written or run). */
    static final Set<String> READ_ONLY = Set.of("cat", "tac", "less", "more", "most", "head", "tail", "grep", "egrep", "fgrep", "rg", "ag",
            "ls", "stat", "file", "wc", "cut", "diff", "cmp", "comm", "md5sum", "sha1sum", "sha256sum", "sha512sum", "b2sum", "cksum",
            "du", "df", "tree", "readlink", "realpath", "basename", "dirname", "which", "whereis", "type", "strings", "xxd", "hexdump",
            "od", "nl", "jq", "yq", "column", "fold", "fmt", "expand", "unexpand", "rev", "look", "pr", "uniq", "echo", "printf",
            "test", "[", "true", "false", "pwd", "id", "whoami", "date", "uname", "hostname", "uptime", "free", "nproc", "ps", "top",
            "lsof", "printenv", "getent", "locale", "zcat", "bzcat", "xzcat", "zgrep", "lsblk", "findmnt", "w", "who", "last", "groups",
            "tty", "sleep", "seq", "shuf", "factor", "expr", "dig", "host", "nslookup", "ss", "netstat", "cd", "exit", "read",
            "help", "apropos", "whatis", "dpkg-query", "apt-cache", "sort", "tr", "paste", "join", "base64", "base32", "iconv",
            "namei", "lsattr", "getfacl", "getcap", "ldd", "objdump", "readelf", "nm", "sum", "tsort", "numfmt", "cal", "ncal");

    /** Programs that run the command given after their own options (sudo-like and plain wrappers), with options that take a value. */
    static final Map<String, Set<String>> WRAPPERS = Map.ofEntries(
            Map.entry("sudo", Set.of("-u", "-g", "-C", "-D", "-h", "-p", "-r", "-t", "-T", "-U", "--user", "--group", "--prompt", "--chdir")),
            Map.entry("doas", Set.of("-u", "-C")), Map.entry("pkexec", Set.of("--user")), Map.entry("runuser", Set.of("-u", "-g", "-G", "--user", "--group")),
            Map.entry("sg", Set.of()), Map.entry("env", Set.of("-u", "--unset", "-C", "--chdir", "-S", "--split-string")),
            Map.entry("nice", Set.of("-n", "--adjustment")), Map.entry("nohup", Set.of()), Map.entry("setsid", Set.of()),
            Map.entry("timeout", Set.of("-s", "--signal", "-k", "--kill-after")), Map.entry("stdbuf", Set.of("-i", "-o", "-e")),
            Map.entry("time", Set.of("-f", "--format", "-o", "--output")), Map.entry("command", Set.of()), Map.entry("builtin", Set.of()),
            Map.entry("exec", Set.of("-a")), Map.entry("xargs", Set.of("-I", "-i", "-L", "-l", "-n", "-P", "-d", "-E", "-e", "-a", "-s", "--arg-file", "--delimiter", "--max-args", "--max-procs", "--replace", "--max-lines", "--eof")),
            Map.entry("watch", Set.of("-n", "--interval", "-d")), Map.entry("flock", Set.of("-w", "--timeout", "-E", "--conflict-exit-code")),
            Map.entry("taskset", Set.of()), Map.entry("ionice", Set.of("-c", "-n", "-p", "-t")), Map.entry("chrt", Set.of()),
            Map.entry("unshare", Set.of()), Map.entry("nsenter", Set.of("-t", "--target")), Map.entry("chroot", Set.of("--userspec", "--groups")),
            Map.entry("strace", Set.of("-o", "-e", "-p", "-s", "-u")), Map.entry("ltrace", Set.of("-o", "-e", "-p", "-s", "-u")),
            Map.entry("valgrind", Set.of()), Map.entry("setarch", Set.of()), Map.entry("systemd-run", Set.of("-u", "--unit", "-p", "--property", "--uid", "--gid")),
            Map.entry("script", Set.of()), Map.entry("run-parts", Set.of()), Map.entry("start-stop-daemon", Set.of()), Map.entry("busybox", Set.of()),
            Map.entry("cpulimit", Set.of("-l", "--limit", "-p")), Map.entry("torify", Set.of()), Map.entry("proxychains", Set.of("-f")),
            Map.entry("firejail", Set.of()), Map.entry("faketime", Set.of()), Map.entry("rlwrap", Set.of()), Map.entry("caffeinate", Set.of()),
            Map.entry("dbus-launch", Set.of()), Map.entry("catchsegv", Set.of()), Map.entry("ld.so", Set.of()), Map.entry("perf", Set.of()),
            Map.entry("multitime", Set.of("-n")), Map.entry("hyperfine", Set.of()), Map.entry("pexec", Set.of()), Map.entry("parallel", Set.of()));

    /** Wrappers that change the user a command runs as. */
    static final Set<String> PRIVILEGED = Set.of("sudo", "doas", "pkexec", "runuser", "su", "sg", "chroot", "nsenter", "unshare", "capsh", "setpriv");

    static final Set<String> NETCAT = Set.of("nc", "ncat", "netcat", "nc.traditional", "nc.openbsd", "pwncat");

    private Programs() {}

    /** The program name of an argv[0]: its basename, lower-cased, a version suffix folded ({@code python3.11} to {@code python}). */
    static String name(String argv0) {
        String n = argv0;
        int slash = n.lastIndexOf('/');
        if (slash >= 0) n = n.substring(slash + 1);
        n = n.toLowerCase(Locale.ROOT);
        if (n.matches("(python|pypy|perl|ruby|php|lua|node|tclsh|wish|pip|gawk|bash|zsh|ksh)[0-9.]+")) n = n.replaceFirst("[0-9.]+$", "");
        if (n.matches("ld-linux.*\\.so.*|ld\\.so.*")) n = "ld.so";
        return n;
    }

    static boolean isShell(String name) {
        return SHELLS.contains(name);
    }

    static boolean isInterpreter(String name) {
        return INTERPRETERS.containsKey(name);
    }
}
