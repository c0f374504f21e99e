package io.saasplatform.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Domain entity: a shop's face on its storefront (title, tagline, logo, accent colour, SEO text, a few links).
 * {@code version} backs the ETag; version 0 means "never saved": the defaults derived from the tenant's name, without
 * {@code createdAt} or {@code updatedAt}. {@code createdAt} is the first save's time and never changes.
 */
public record StorefrontConfig(
        String title,
        String tagline,
        Optional<UUID> logoMediaId,
        Optional<String> accentColor,
        String seoDescription,
        List<Link> links,
        long version,
        Optional<Instant> createdAt,
        Optional<Instant> updatedAt) {
    public static final int MAX_TITLE = 80;
    public static final int MAX_TAGLINE = 160;
    public static final int MAX_SEO_DESCRIPTION = 300;
    public static final int MAX_LINKS = 5;
    public static final int MAX_LINK_LABEL = 60;
    public static final int MAX_LINK_URL = 2000;

    public StorefrontConfig {
        InvalidValueException.requirePresent(title, "title");
        InvalidValueException.require(!title.isBlank() && title.length() <= MAX_TITLE, "title",
                "title must have 1 to " + MAX_TITLE + " characters");
        tagline = tagline == null ? "" : tagline;
        InvalidValueException.require(tagline.length() <= MAX_TAGLINE, "tagline",
                "tagline must have at most " + MAX_TAGLINE + " characters");
        Objects.requireNonNull(logoMediaId, "logoMediaId");
        accentColor = accentColor.map(c -> c.toLowerCase(Locale.ROOT));
        accentColor.ifPresent(c -> InvalidValueException.require(c.matches("#[0-9a-f]{6}"), "accentColor",
                "accentColor must be a colour like #1a2b3c"));
        seoDescription = seoDescription == null ? "" : seoDescription;
        InvalidValueException.require(seoDescription.length() <= MAX_SEO_DESCRIPTION, "seoDescription",
                "seoDescription must have at most " + MAX_SEO_DESCRIPTION + " characters");
        links = List.copyOf(InvalidValueException.requirePresent(links, "links"));
        InvalidValueException.require(links.size() <= MAX_LINKS, "links", "links must have at most " + MAX_LINKS + " items");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** What a shop shows before its first save: its name as title, nothing else. */
    public static StorefrontConfig defaultsFor(String shopName) {
        String title = shopName.length() > MAX_TITLE ? shopName.substring(0, MAX_TITLE) : shopName;
        return new StorefrontConfig(title, "", Optional.empty(), Optional.empty(), "", List.of(), 0, Optional.empty(), Optional.empty());
    }

    /** A link shown on the storefront: https only, so that no {@code javascript:} or plain-http URL is ever rendered. */
    public record Link(String label, URI url) {
        public Link {
            InvalidValueException.requirePresent(label, "links.label");
            InvalidValueException.require(!label.isBlank() && label.length() <= MAX_LINK_LABEL, "links.label",
                    "a link label must have 1 to " + MAX_LINK_LABEL + " characters");
            InvalidValueException.requirePresent(url, "links.url");
        }

        /** Parses {@code url}; anything but an absolute {@code https://host/...} URL is refused. */
        public static Link of(String label, String url) {
            InvalidValueException.requirePresent(url, "links.url");
            InvalidValueException.require(url.length() <= MAX_LINK_URL, "links.url",
                    "a link url must have at most " + MAX_LINK_URL + " characters");
            URI uri;
            try {
                uri = new URI(url);
            } catch (URISyntaxException e) {
                throw new InvalidValueException("links.url", "a link url must be a valid https URL");
            }
            InvalidValueException.require("https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                    && uri.getRawUserInfo() == null, "links.url", "a link url must be an https URL with a host");
            return new Link(label, uri);
        }
    }
}
