package dev.assay.agent.command;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a piece of inline code (for any of the interpreters) or a program's argument does, by the primitives it
 * names: running commands, starting a shell, sockets, privilege changes, decoding and evaluating payloads.
 */
final class Code {
    private static final Pattern EXEC = Pattern.compile(
            "\\b(os\\.system|os\\.popen|os\\.exec\\w*|os\\.spawn\\w*|os\\.posix_spawn\\w*|subprocess\\.\\w+|commands\\.getoutput|pty\\.spawn"
                    + "|system|exec[lv]?p?e?|popen|proc_open|shell_exec|passthru|pcntl_exec|spawn(Sync)?|execSync|execFile(Sync)?|fork"
                    + "|IO\\.popen|Kernel\\.(exec|system|spawn)|Open3\\.\\w+|Runtime\\.getRuntime|ProcessBuilder|child_process|run_command"
                    + "|io\\.popen|os\\.execute|shell|sh_cmd|call\\s+system|:!|!\\s*/|execute_process|Process\\.start|start_process|esyscmd|syscmd|syscall\\.Exec)\\s*[(\"'`{ ]");
    private static final Pattern EXEC_WORD = Pattern.compile("(^|[;:\\s'\"])(exec|system|spawn|popen|!)\\s*[=(\"' ]?\\s*(/[\\w/.-]*/)?(sh|bash|dash|zsh|ksh|csh|tcsh|fish|ash)\\b");
    private static final Pattern EXEC_CALL = Pattern.compile(
            "\\b(os\\.system|os\\.popen|os\\.exec\\w*|subprocess\\.\\w+|pty\\.spawn|system|exec[lv]?p?e?|popen|proc_open|shell_exec"
                    + "|passthru|spawn(Sync)?|execSync|IO\\.popen|Kernel\\.(exec|system|spawn)|Runtime\\.getRuntime|ProcessBuilder|io\\.popen|os\\.execute|esyscmd|syscmd|syscall\\.Exec)\\s*\\(");
    private static final Pattern SOCKET = Pattern.compile(
            "\\b(socket|Socket|fsockopen|TCPSocket|UDPSocket|IO::Socket|Net::|net\\.connect|net\\.createConnection|createServer"
                    + "|connect\\s*\\(|urlopen|urllib|requests\\.(get|post|put)|http\\.client|HTTPServer|SimpleHTTPServer|socketserver"
                    + "|LWP::|HTTP::Tiny|Net::HTTP|open-uri|URI\\.open|curl_exec|file_get_contents\\s*\\(\\s*['\"]https?:|fetch\\s*\\(|XMLHttpRequest"
                    + "|Sockets|listen\\s*\\(|bind\\s*\\(|\\bhttpd\\b|syscall\\.Socket|/inet6?/(tcp|udp))");
    private static final Pattern DUP = Pattern.compile("\\b(dup2|fileno|STDIN|STDOUT|\\$stdin|\\$stdout|reopen|pipe\\s*\\()");
    private static final Pattern PRIVILEGE = Pattern.compile("\\b(setuid|setresuid|setreuid|seteuid|setgid|setresgid|POSIX::setuid|os\\.set(e|res|re)?uid|Process::Sys\\.setuid|posix\\.setuid)\\b");
    private static final Pattern EVAL = Pattern.compile("\\b(eval|exec|compile|Function|instance_eval|class_eval|load|loadstring|b64decode|base64_decode|decode64|fromCharCode|unpack|pack\\s*\\(|atob|chr\\s*\\()\\s*[(\"' ]");
    private static final Pattern SHELL_PATH = Pattern.compile("(^|[^\\w-])/(usr/)?(local/)?s?bin/(sh|bash|dash|zsh|ksh|csh|tcsh|fish|ash|busybox)\\b");
    private static final Pattern BARE_SHELL_CALL = Pattern.compile("[(\"'`\\s,\\[]\\s*[\"']?(sh|bash|dash|zsh|ksh|csh|tcsh|fish|ash)[\"']?\\s*[)\\],\"'`;\\s]");

    private Code() {}

    /** Findings for inline code given to {@code interpreter} (named in the evidence). */
    static List<Finding> inline(String interpreter, String code) {
        List<Finding> out = new ArrayList<>();
        boolean exec = EXEC.matcher(code).find() || EXEC_WORD.matcher(code).find();
        boolean shell = SHELL_PATH.matcher(code).find() || (exec && BARE_SHELL_CALL.matcher(" " + code + " ").find());
        boolean socket = SOCKET.matcher(code).find();
        if (socket && (exec || shell || DUP.matcher(code).find())) {
            out.add(new Finding(Risk.REVERSE_SHELL, Decision.DENY, interpreter + " code connects a socket and runs commands: " + excerpt(code)));
        } else if (shell) {
            out.add(new Finding(Risk.SHELL, Decision.DENY, interpreter + " code starts a shell: " + excerpt(code)));
        } else if (exec) {
            out.add(new Finding(Risk.CODE_EXECUTION, Decision.DENY, interpreter + " code runs commands: " + excerpt(code)));
        } else if (socket) {
            out.add(new Finding(Risk.NETWORK, Decision.ESCALATE, interpreter + " code uses the network: " + excerpt(code)));
        }
        if (PRIVILEGE.matcher(code).find()) {
            out.add(new Finding(Risk.PRIVILEGE, Decision.DENY, interpreter + " code changes its user id: " + excerpt(code)));
        }
        if (out.isEmpty() && EVAL.matcher(code).find()) {
            out.add(new Finding(Risk.OBFUSCATION, Decision.ESCALATE, interpreter + " code evaluates or decodes a payload: " + excerpt(code)));
        }
        return out;
    }

    /** Whether an argument of an ordinary program asks it to run a shell or a command. */
    static Finding argument(String program, String arg) {
        Matcher m = SHELL_PATH.matcher(arg);
        if (m.find() || EXEC_WORD.matcher(arg).find()) {
            return new Finding(Risk.SHELL, Decision.DENY, program + " is handed a shell to run: " + excerpt(arg));
        }
        if (EXEC_CALL.matcher(arg).find()) {
            return new Finding(Risk.COMMAND_EXECUTION, Decision.ESCALATE, program + " is handed something that runs commands: " + excerpt(arg));
        }
        return null;
    }

    /**
     * Whether content written to a file is a payload: it starts a shell (a shell path anywhere but on a {@code #!}
     * line, {@code exec sh}) or runs commands through an exec primitive. Null when it is neither.
     */
    static Finding payload(String writer, String target, String content) {
        String body = content.replaceAll("(?m)^\\s*#!.*$", "");
        if (SHELL_PATH.matcher(body).find() || EXEC_WORD.matcher(body).find()) {
            return new Finding(Risk.SHELL, Decision.DENY, writer + " writes a payload that starts a shell to " + target + ": " + excerpt(content));
        }
        if (EXEC_CALL.matcher(body).find()) {
            return new Finding(Risk.CODE_EXECUTION, Decision.ESCALATE, writer + " writes code that runs commands to " + target + ": " + excerpt(content));
        }
        return null;
    }

    static String excerpt(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
