package dev.assay.fingerprint.distributed;

import dev.assay.core.InvalidInputException;
import dev.assay.fingerprint.response.Response;
import java.util.List;
import java.util.Objects;

/** One federated site: its name (unique in a federation) and the responses it holds, which never leave it. */
public record Site(String name, List<Response> responses) {
    public Site {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new InvalidInputException("site name must not be blank, but was '" + name + "'");
        responses = List.copyOf(responses);
    }
}
