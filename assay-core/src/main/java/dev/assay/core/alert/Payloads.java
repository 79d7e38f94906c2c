package dev.assay.core.alert;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.assay.core.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The JSON bodies of the HTTP channels. */
final class Payloads {
    /** Slack limits: header text 150 chars, section text 3,000, at most 10 fields of 2,000. */
    static final int SLACK_HEADER = 150;
    static final int SLACK_SECTION = 3000;
    static final int SLACK_FIELDS = 10;
    static final int SLACK_FIELD = 2000;
    /** PagerDuty Events v2 limits: summary 1,024 chars, dedup_key 255. */
    static final int PD_SUMMARY = 1024;
    static final int PD_DEDUP_KEY = 255;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Payloads() {}

    /** The generic webhook body: every field of the alert. */
    static ObjectNode webhook(Alert a) {
        ObjectNode n = JSON.objectNode();
        n.put("id", a.id());
        n.put("time", a.time().toString());
        n.put("severity", a.severity().name());
        n.put("source", a.source());
        n.put("title", a.title());
        n.put("detail", a.detail());
        n.put("dedupKey", a.dedupKey());
        ObjectNode labels = n.putObject("labels");
        a.labels().forEach(labels::put);
        return n;
    }

    /** A Slack incoming-webhook message: plain {@code text} fallback plus Block Kit header, detail, label fields and context. */
    static ObjectNode slack(Alert a) {
        ObjectNode n = JSON.objectNode();
        n.put("text", "[" + a.severity() + "] " + a.title());
        ArrayNode blocks = n.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", clip(a.severity() + ": " + a.title(), SLACK_HEADER));
        ObjectNode section = blocks.addObject().put("type", "section");
        section.putObject("text").put("type", "mrkdwn")
                .put("text", clip(a.detail().isBlank() ? "(no detail)" : escapeSlack(a.detail()), SLACK_SECTION));
        if (!a.labels().isEmpty()) {
            ArrayNode fields = blocks.addObject().put("type", "section").putArray("fields");
            int i = 0;
            for (Map.Entry<String, String> e : a.labels().entrySet()) {
                if (i++ == SLACK_FIELDS) break;
                fields.addObject().put("type", "mrkdwn")
                        .put("text", clip("*" + escapeSlack(e.getKey()) + "*\n" + escapeSlack(e.getValue()), SLACK_FIELD));
            }
        }
        ArrayNode context = blocks.addObject().put("type", "context").putArray("elements");
        context.addObject().put("type", "mrkdwn").put("text", clip("source " + escapeSlack(a.source())
                + " | id " + escapeSlack(a.id()) + " | " + a.time(), SLACK_FIELD));
        return n;
    }

    /** A PagerDuty Events v2 trigger event; EMERGENCY and CRITICAL map to critical. */
    static ObjectNode pagerDuty(Alert a, String routingKey) {
        ObjectNode n = JSON.objectNode();
        n.put("routing_key", routingKey);
        n.put("event_action", "trigger");
        n.put("dedup_key", a.dedupKey().length() <= PD_DEDUP_KEY ? a.dedupKey() : "sha256:" + sha256(a.dedupKey()));
        ObjectNode payload = n.putObject("payload");
        payload.put("summary", clip(a.title(), PD_SUMMARY));
        payload.put("source", a.source());
        payload.put("severity", pagerDutySeverity(a.severity()));
        payload.put("timestamp", a.time().toString());
        ObjectNode details = payload.putObject("custom_details");
        details.put("alert_id", a.id());
        details.put("assay_severity", a.severity().name());
        details.put("detail", a.detail());
        ObjectNode labels = details.putObject("labels");
        a.labels().forEach(labels::put);
        n.put("client", "Assay");
        return n;
    }

    static String pagerDutySeverity(Severity s) {
        return switch (s) {
            case INFO -> "info";
            case WARNING -> "warning";
            case ERROR -> "error";
            case CRITICAL, EMERGENCY -> "critical";
        };
    }

    /** Slack mrkdwn needs only &amp;, &lt; and &gt; escaped. */
    static String escapeSlack(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String clip(String s, int max) {
        if (s.length() <= max) return s;
        int end = max - 1;
        if (Character.isHighSurrogate(s.charAt(end - 1))) end--;
        return s.substring(0, end) + "\u2026";
    }

    private static String sha256(String s) {
        return Hashing.sha256Hex(s.getBytes(StandardCharsets.UTF_8));
    }
}
