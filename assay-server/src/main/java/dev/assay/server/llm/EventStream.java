package dev.assay.server.llm;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Server-sent events written on a request's response as they happen: the status (200) and the headers go out with the
 * first event, so until then a failure can still be answered with its own status. Each event is flushed at once, past
 * any compression. Events come from one thread at a time (the client's reader, then the handler after it returned).
 */
final class EventStream {
    /** The caller closed the connection: writing failed. */
    static final class Gone extends RuntimeException {
        Gone(IOException cause) {
            super("the caller closed the connection", cause, false, false);
        }
    }

    private final Context ctx;
    private OutputStream out;
    private boolean open = true;

    EventStream(Context ctx) {
        this.ctx = ctx;
    }

    /** Whether the first event went out (the status can no longer change). */
    synchronized boolean started() {
        return out != null;
    }

    /** Writes one event; throws {@link Gone} when the caller has gone away. */
    synchronized void send(String event, JsonNode data) {
        if (!open) throw new Gone(new IOException("closed"));
        try {
            if (out == null) {
                HttpServletResponse res = ctx.res();
                res.setStatus(200);
                res.setContentType("text/event-stream;charset=utf-8");
                res.setHeader("Cache-Control", "no-cache");
                res.setHeader("X-Accel-Buffering", "no");
                out = res.getOutputStream();
            }
            // one JSON document per data line: Jackson writes no raw newlines
            out.write(("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            open = false;
            throw new Gone(e);
        }
    }

    /** Writes one event unless the caller has gone away (then there is nobody to tell). */
    void sendIfOpen(String event, JsonNode data) {
        try {
            send(event, data);
        } catch (Gone gone) {
            // nothing to do: the connection is closed
        }
    }
}
