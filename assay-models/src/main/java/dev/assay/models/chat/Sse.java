package dev.assay.models.chat;

import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Iterator;
import java.util.stream.Stream;

/**
 * Reads a {@code text/event-stream} (server-sent events) line by line: {@code event:} and {@code data:} fields (several
 * data lines joined by newlines), comments ({@code :...}) and other fields ignored, a blank line dispatching the
 * event. Reading stops when the handler says the stream is complete; a stream that ends before that, or breaks, is
 * a {@link ProviderException} naming how many events arrived.
 */
final class Sse {
    /** Longest event accepted, in characters: a provider's chunk is a few hundred. */
    static final int MAX_EVENT_CHARS = 4 << 20;

    private Sse() {}

    /** Told each event in order; answers true when the stream is complete (no more events are read). */
    @FunctionalInterface
    interface Handler {
        boolean on(String event, String data);
    }

    /** Reads {@code lines} to the handler's end; {@code endpoint} names the provider in errors. Returns the events read. */
    static int read(Stream<String> lines, URI endpoint, Handler handler) {
        int events = 0;
        String event = "";
        StringBuilder data = null;
        Iterator<String> it = lines.iterator();
        try {
            while (it.hasNext()) {
                String line = it.next();
                if (line.isEmpty()) {
                    if (data != null) {
                        events++;
                        if (handler.on(event.isEmpty() ? "message" : event, data.toString())) return events;
                    }
                    event = "";
                    data = null;
                    continue;
                }
                if (line.startsWith(":")) continue;
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                if (field.equals("event")) {
                    event = value;
                } else if (field.equals("data")) {
                    if (data == null) data = new StringBuilder();
                    else data.append('\n');
                    if (data.length() + value.length() > MAX_EVENT_CHARS)
                        throw new ProviderException("the event stream from " + endpoint + " sent an event of more than " + MAX_EVENT_CHARS
                                + " characters (after " + events + " events)", 200, null);
                    data.append(value);
                }
            }
        } catch (UncheckedIOException broken) {
            throw new ProviderException("the event stream from " + endpoint + " broke after " + events + " events: "
                    + Resilience.describe(broken.getCause()), broken.getCause());
        }
        if (data != null) {
            events++;
            if (handler.on(event.isEmpty() ? "message" : event, data.toString())) return events;
        }
        throw new ProviderException("the event stream from " + endpoint + " ended after " + events
                + " events without its end marker (connection dropped or answer cut off)", null);
    }
}
