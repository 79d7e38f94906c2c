package dev.assay.core.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.assay.core.store.Store;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Semaphore;

/**
 * Child process for {@link LedgerCrashTest}: appends forever from several in-flight
 * requests and prints {@code ACK seq hash} for every append that returned. It is meant
 * to be killed with SIGKILL; it stops by itself after 60 s in case the parent died.
 */
public final class LedgerCrashChild {
    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        Path keyDir = Path.of(args[1]);
        PrintStream out = new PrintStream(System.out, false);
        Store store = Store.sqlite(db);
        Ledger ledger = Ledger.open(store, LedgerKeys.loadOrCreate(keyDir), Clock.systemUTC());
        ObjectMapper json = new ObjectMapper();
        Semaphore inFlight = new Semaphore(16);
        long deadline = System.nanoTime() + 60_000_000_000L;
        out.println("READY");
        out.flush();
        for (long i = 0; System.nanoTime() < deadline; i++) {
            inFlight.acquire();
            ledger.appendAsync("crash.test", "child", json.createObjectNode().put("i", i), null)
                    .whenComplete((e, err) -> {
                        if (e != null) {
                            synchronized (out) {
                                out.println("ACK " + e.seq() + " " + e.hash());
                                out.flush();
                            }
                        }
                        inFlight.release();
                    });
        }
        ledger.close();
        store.close();
    }
}
