package dev.assay.protocol.dpi;

import java.util.Locale;
import java.util.Map;

/**
 * Applications by host name suffix, named as nDPI names them: a small table of well-known
 * services, for the {@code APP} half of labels such as {@code TLS.YouTube}. It knows far fewer
 * hosts than nDPI's own list and nothing about IP ranges, certificates or traffic patterns, so an
 * unknown host simply leaves the application empty.
 */
final class Hosts {
    private Hosts() {}

    /** Suffix (a whole domain: {@code youtube.com} matches {@code www.youtube.com}, not {@code notyoutube.com}) to application. */
    private static final Map<String, String> SUFFIXES = Map.ofEntries(
            Map.entry("youtube.com", "YouTube"), Map.entry("googlevideo.com", "YouTube"), Map.entry("ytimg.com", "YouTube"),
            Map.entry("ggpht.com", "YouTube"), Map.entry("youtube-nocookie.com", "YouTube"), Map.entry("youtu.be", "YouTube"),
            Map.entry("google.com", "Google"), Map.entry("google.fr", "Google"), Map.entry("google.de", "Google"),
            Map.entry("google.co.uk", "Google"), Map.entry("googlesyndication.com", "Google"), Map.entry("doubleclick.net", "Google"),
            Map.entry("gstatic.com", "Google"), Map.entry("googleusercontent.com", "Google"), Map.entry("ampproject.org", "Google"),
            Map.entry("googleapis.com", "GoogleServices"), Map.entry("googletagservices.com", "GoogleServices"),
            Map.entry("googletagmanager.com", "GoogleServices"), Map.entry("google-analytics.com", "GoogleServices"),
            Map.entry("mail.google.com", "GMail"), Map.entry("gmail.com", "GMail"),
            Map.entry("play.googleapis.com", "PlayStore"), Map.entry("android.clients.google.com", "PlayStore"),
            Map.entry("facebook.com", "Facebook"), Map.entry("fbcdn.net", "Facebook"), Map.entry("facebook.net", "Facebook"),
            Map.entry("instagram.com", "Instagram"), Map.entry("cdninstagram.com", "Instagram"),
            Map.entry("whatsapp.net", "WhatsApp"), Map.entry("whatsapp.com", "WhatsApp"),
            Map.entry("twitter.com", "Twitter"), Map.entry("twimg.com", "Twitter"), Map.entry("t.co", "Twitter"),
            Map.entry("reddit.com", "Reddit"), Map.entry("redd.it", "Reddit"), Map.entry("redditmedia.com", "Reddit"),
            Map.entry("redditstatic.com", "Reddit"),
            Map.entry("amazon.com", "Amazon"), Map.entry("amazon-adsystem.com", "Amazon"), Map.entry("media-amazon.com", "Amazon"),
            Map.entry("netflix.com", "NetFlix"), Map.entry("nflxvideo.net", "NetFlix"),
            Map.entry("microsoft.com", "Microsoft"), Map.entry("live.com", "Outlook"), Map.entry("outlook.com", "Outlook"),
            Map.entry("teams.microsoft.com", "Teams"), Map.entry("skype.com", "Skype_Teams"),
            Map.entry("apple.com", "Apple"), Map.entry("icloud.com", "AppleiCloud"), Map.entry("push.apple.com", "ApplePush"),
            Map.entry("guzzoni.apple.com", "AppleSiri"),
            Map.entry("qq.com", "QQ"), Map.entry("wechat.com", "WeChat"), Map.entry("xiaomi.com", "Xiaomi"), Map.entry("mi.com", "Xiaomi"),
            Map.entry("wikipedia.org", "Wikipedia"), Map.entry("github.com", "Github"), Map.entry("githubusercontent.com", "Github"),
            Map.entry("dropbox.com", "Dropbox"), Map.entry("spotify.com", "Spotify"), Map.entry("linkedin.com", "LinkedIn"),
            Map.entry("tiktok.com", "TikTok"), Map.entry("cloudflare.com", "Cloudflare"), Map.entry("ntop.org", "ntop"),
            Map.entry("scorecardresearch.com", "ADS_Analytic_Track"), Map.entry("nordvpn.com", "NordVPN"));

    /** The application the host belongs to, or null. The longest matching suffix wins. */
    static String application(String host) {
        if (host == null) return null;
        String h = host.strip().toLowerCase(Locale.ROOT);
        int colon = h.lastIndexOf(':');
        if (colon > 0 && h.indexOf(':') == colon) h = h.substring(0, colon);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        for (String s = h; !s.isEmpty(); ) {
            String app = SUFFIXES.get(s);
            if (app != null) return app;
            int dot = s.indexOf('.');
            if (dot < 0) break;
            s = s.substring(dot + 1);
        }
        return null;
    }
}
