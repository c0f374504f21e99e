package io.saasplatform.application.port.in;

import java.net.URI;
import java.util.Objects;
import java.util.UUID;

/** Incoming-port value: one image of a product as shown to clients, with the URL the public reads it from. */
public record ProductImage(UUID id, URI url, int width, int height, String alt) {
    public ProductImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(url, "url");
        alt = alt == null ? "" : alt;
    }
}
