package dev.assay.server.ledger;

import dev.assay.core.ledger.Ledger;
import dev.assay.core.ledger.LedgerEntry;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server-sent events of the ledger: every entry appended (by this process or any other sharing
 * the store) reaches each subscriber as an {@code entry} event, in seq order, within a poll
 * period. One thread polls the head only while someone listens and does every send, so a
 * client never sees events interleaved; a client that falls behind by more than a page gets a
 * {@code reset} event and reloads. A comment every 2 s keeps idle connections open and finds the clients that went away.
 */
final class LedgerFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerFeed.class);
    static final long POLL_MILLIS = 500;
    private static final int PAGE = 200;
    private static final long HEARTBEAT_POLLS = 4;

    private final Ledger ledger;
    private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "assay-ledger-feed");
        t.setDaemon(true);
        return t;
    });
    private long lastSeq = -1;
    private long polls;

    LedgerFeed(Ledger ledger) {
        this.ledger = ledger;
        thread.scheduleWithFixedDelay(this::poll, POLL_MILLIS, POLL_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Keeps {@code client} open and sends it a {@code hello} with the current head seq, then every new entry. */
    void subscribe(SseClient client) {
        client.keepAlive();
        client.onClose(() -> clients.remove(client));
        thread.execute(() -> {
            if (lastSeq < 0) lastSeq = ledger.headSeq();
            clients.add(client);
            send(client, "hello", new Hello(lastSeq));
        });
    }

    /** Sends {@code data} as event {@code name} to every subscriber. */
    void broadcast(String name, Object data) {
        thread.execute(() -> List.copyOf(clients).forEach(c -> send(c, name, data)));
    }

    record Hello(long headSeq) {}

    record Reset(long headSeq) {}

    private void poll() {
        try {
            if (clients.isEmpty()) {
                lastSeq = -1;
                return;
            }
            if (++polls % HEARTBEAT_POLLS == 0) List.copyOf(clients).forEach(c -> comment(c));
            long head = ledger.headSeq();
            if (head <= lastSeq) return;
            if (head - lastSeq > PAGE) {
                lastSeq = head;
                List.copyOf(clients).forEach(c -> send(c, "reset", new Reset(head)));
                return;
            }
            for (LedgerEntry e : ledger.page(lastSeq, PAGE)) {
                LedgerModule.EntryView view = LedgerModule.EntryView.of(e);
                List.copyOf(clients).forEach(c -> send(c, "entry", view));
                lastSeq = e.seq();
            }
        } catch (RuntimeException e) { // a failing store read must not end the feed: the next poll retries
            LOG.warn("ledger feed poll failed", e);
        }
    }

    private void send(SseClient c, String event, Object data) {
        try {
            if (c.terminated()) {
                clients.remove(c);
                return;
            }
            c.sendEvent(event, data);
        } catch (RuntimeException e) { // the client went away mid-send
            clients.remove(c);
        }
    }

    private void comment(SseClient c) {
        try {
            c.sendComment("keep-alive");
        } catch (RuntimeException e) { // the client went away
            clients.remove(c);
        }
    }

    /** Ends every subscription and stops polling. */
    @Override
    public void close() {
        thread.shutdownNow();
        for (SseClient c : List.copyOf(clients)) {
            try {
                c.close();
            } catch (RuntimeException e) { // already gone
                LOG.debug("closing an event stream failed", e);
            }
        }
        clients.clear();
    }
}
