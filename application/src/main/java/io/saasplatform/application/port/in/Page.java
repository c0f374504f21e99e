package io.saasplatform.application.port.in;

import java.util.List;
import java.util.Optional;

/** Incoming-port value: one keyset page and the opaque cursor of the next page, if there is one. */
public record Page<T>(List<T> items, Optional<String> nextCursor) {
    public Page {
        items = List.copyOf(items);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
