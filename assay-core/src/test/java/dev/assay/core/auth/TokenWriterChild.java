package dev.assay.core.auth;

import dev.assay.core.store.Store;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/**
 * Child process for {@link SqliteTokenServiceTest}: creates {@code count} tokens in the SQLite
 * store at {@code args[0]} and revokes every second one, printing {@code CREATED id secret}
 * and {@code REVOKED id} as each call returns. Any failure ends the process with a non-zero
 * status and the exception on stderr.
 */
public final class TokenWriterChild {
    public static void main(String[] args) {
        Path db = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, true);
        try (Store store = Store.sqlite(db)) {
            TokenService tokens = TokenService.create(store, Clock.systemUTC());
            for (int i = 0; i < count; i++) {
                IssuedToken t = tokens.create("child-" + i, Role.OPERATOR);
                out.println("CREATED " + t.info().id() + " " + t.secret());
                if (i % 2 == 0) {
                    tokens.revoke(t.info().id());
                    out.println("REVOKED " + t.info().id());
                }
            }
        }
    }
}
