package dev.assay.agent.command;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Classifies the paths a command names: credentials (any access is denied), persistence locations (places whose
 * content runs later), and system locations (where programs and configuration live: writes are denied). Paths are
 * normalised first ({@code //}, {@code /./}, {@code /../} folded; {@code ~}, {@code $HOME} and {@code ${HOME}} read as
 * a home directory), so traversal tricks name the same place.
 */
final class Locations {
    enum Kind { CREDENTIALS, PERSISTENCE, SYSTEM }

    /** A classified path and what it is. */
    record Hit(Kind kind, String path) {}

    private static final Pattern PATH = Pattern.compile("(?:~[A-Za-z0-9_.-]*|\\$\\{?HOME}?|/)[^\\s'\"`,;|&<>(){}=]*");

    private static final List<Pattern> CREDENTIALS = patterns(
            "/etc/(g?shadow|master\\.passwd|sudoers|sudoers\\.d)(/.*)?",
            "/etc/security/opasswd", "/etc/ssl/private(/.*)?", "/etc/krb5\\.keytab", "/etc/ssh/ssh_host_.*_key",
            "/root(/.*)?",
            "HOME/\\.ssh/(id_[^/]*|.*_key|known_hosts)", "/home/[^/]+/\\.ssh(/.*)?",
            "HOME/\\.(aws|azure|gnupg|kube|docker|config/gcloud|password-store)(/.*)?",
            "HOME/\\.(netrc|pgpass|git-credentials|my\\.cnf|bash_history|zsh_history|python_history|mysql_history|psql_history|vault-token)",
            "/proc/[^/]+/(environ|mem|maps|cmdline)", "/proc/kcore", "/dev/k?mem", "/dev/port",
            "/(var/)?run/secrets(/.*)?", "/var/lib/kubelet(/.*)?", "/var/run/docker\\.sock", "/run/docker\\.sock",
            ".*/id_(rsa|dsa|ecdsa|ed25519)", ".*\\.(pem|key|p12|pfx|keystore|jks)");

    private static final List<Pattern> PERSISTENCE = patterns(
            "/etc/cron[^/]*(/.*)?", "/var/spool/cron(/.*)?", "/etc/anacrontab", "/etc/at\\.(allow|deny)",
            "/etc/systemd(/.*)?", "/(usr/)?lib/systemd(/.*)?", "HOME/\\.config/systemd(/.*)?",
            "/etc/init(\\.d)?(/.*)?", "/etc/rc[^/]*(/.*)?", "/etc/(profile|bash\\.bashrc|bashrc|zshrc|zsh/.*|environment|profile\\.d(/.*)?)",
            "HOME/\\.(bashrc|bash_profile|bash_login|bash_logout|profile|zshrc|zprofile|zshenv|config/fish/.*|xinitrc|xprofile|config/autostart(/.*)?)",
            "HOME/\\.ssh/(authorized_keys2?|rc|config)",
            "HOME/\\.(lessfilter|lesskey|vimrc|exrc|gvimrc|nvimrc|config/nvim/.*|wgetrc|curlrc|gitconfig|npmrc|pythonrc|inputrc|screenrc|tmux\\.conf|rtorrent\\.rc|config/procps/.*|gdbinit|mailcap|xsession|Xresources)", "/etc/ssh(/.*)?",
            "/etc/ld\\.so\\.(preload|conf(\\.d)?(/.*)?)", "/etc/(passwd|group)", "/etc/pam\\.d(/.*)?", "/etc/security(/.*)?",
            "/etc/update-motd\\.d(/.*)?", "/etc/xdg/autostart(/.*)?", "/etc/apt/apt\\.conf\\.d(/.*)?", "/etc/modules(-load\\.d)?(/.*)?",
            "/etc/logrotate\\.d(/.*)?", "/etc/sudo\\.conf", "/etc/udev(/.*)?", ".*/\\.git/hooks(/.*)?", "/boot(/.*)?");

    private static final List<Pattern> SYSTEM = patterns(
            "/etc(/.*)?", "/usr(/.*)?", "/s?bin(/.*)?", "/lib(32|64|x32)?(/.*)?", "/opt(/.*)?", "/var/(lib|log|mail|spool|www|backups)(/.*)?",
            "/sys(/.*)?", "/proc(/.*)?", "/dev/(sd|hd|vd|xvd|nvme|mmcblk|disk|mapper|loop|md)[^/]*", "/boot(/.*)?", "/srv(/.*)?", "/snap(/.*)?",
            "/", "/\\*", "/var");

    private Locations() {}

    private static List<Pattern> patterns(String... regexes) {
        List<Pattern> out = new ArrayList<>();
        for (String r : regexes) out.add(Pattern.compile(r, Pattern.CASE_INSENSITIVE));
        return out;
    }

    /** Every classified path named in {@code text}, most severe class first per path. */
    static List<Hit> in(String text) {
        List<Hit> out = new ArrayList<>();
        Matcher m = PATH.matcher(text);
        while (m.find()) {
            if (m.start() > 0 && !boundary(text.charAt(m.start() - 1))) continue;
            String p = normalise(m.group());
            Kind k = classify(p);
            if (k != null) out.add(new Hit(k, p));
        }
        return out;
    }

    private static boolean boundary(char c) {
        return !Character.isLetterOrDigit(c) && c != '.' && c != '-' && c != '_';
    }

    /** The class of one normalised path, or null for an ordinary one. */
    static Kind classify(String path) {
        String p = path;
        if (matches(CREDENTIALS, p)) return Kind.CREDENTIALS;
        if (matches(PERSISTENCE, p)) return Kind.PERSISTENCE;
        if (matches(SYSTEM, p)) return Kind.SYSTEM;
        return null;
    }

    private static boolean matches(List<Pattern> ps, String p) {
        for (Pattern x : ps) {
            if (x.matcher(p).matches()) return true;
        }
        return false;
    }

    /**
     * Folds {@code //}, {@code /.} and {@code /..}; a home directory prefix becomes {@code HOME}; a trailing slash is
     * dropped; a relative path stays relative ({@code .} for the current directory).
     */
    static String normalise(String raw) {
        String s = raw;
        String prefix = "";
        if (s.startsWith("~")) {
            int slash = s.indexOf('/');
            prefix = slash < 0 || slash == 1 ? "HOME" : "/home/" + s.substring(1, slash);
            if (slash < 0 && s.length() > 1) prefix = "/home/" + s.substring(1);
            s = slash < 0 ? "" : s.substring(slash);
        } else if (s.startsWith("$HOME") || s.startsWith("${HOME}")) {
            prefix = "HOME";
            s = s.substring(s.startsWith("$HOME") ? 5 : 7);
        }
        List<String> parts = new ArrayList<>();
        for (String seg : s.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(seg);
        }
        if (prefix.isEmpty() && !raw.startsWith("/")) return parts.isEmpty() ? "." : String.join("/", parts);
        String joined = "/" + String.join("/", parts);
        if (prefix.isEmpty()) return joined;
        return parts.isEmpty() ? prefix : prefix + joined;
    }
}
