package io.saasplatform.domain;

import java.text.Normalizer;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Domain entity: an image a tenant uploaded (or is uploading). Its bytes live in object storage under
 * {@link #objectKey}, which is built from ids only: the client's filename is kept, sanitised, for display and
 * {@code Content-Disposition}, and never becomes part of a path.
 */
public record MediaAsset(
        UUID id,
        MediaStatus status,
        String filename,
        ImageType type,
        long byteSize,
        Optional<ImageType.Dimensions> dimensions,
        UserId createdBy,
        Instant createdAt,
        Instant updatedAt,
        Instant uploadExpiresAt) {
    /** The longest filename kept (characters, after sanitising). */
    public static final int MAX_FILENAME_LENGTH = 255;

    public MediaAsset {
        InvalidValueException.requirePresent(id, "id");
        InvalidValueException.requirePresent(status, "status");
        InvalidValueException.requirePresent(filename, "filename");
        InvalidValueException.requirePresent(type, "contentType");
        InvalidValueException.require(byteSize >= 1, "byteSize", "byteSize must be at least 1");
        Objects.requireNonNull(dimensions, "dimensions");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        InvalidValueException.require(!updatedAt.isBefore(createdAt), "updatedAt", "updatedAt must not be before createdAt");
        Objects.requireNonNull(uploadExpiresAt, "uploadExpiresAt");
    }

    /** A new pending upload with a fresh id and the sanitised form of {@code clientFilename}. */
    public static MediaAsset pending(
            String clientFilename, ImageType type, long byteSize, UserId createdBy, Instant now, Instant expiresAt) {
        return new MediaAsset(UUID.randomUUID(), MediaStatus.PENDING, sanitiseFilename(clientFilename), type, byteSize,
                Optional.empty(), createdBy, now, now, expiresAt);
    }

    /** Where the bytes of asset {@code id} of {@code tenant} live: ids only, so no client text ever reaches a path. */
    public static String objectKey(TenantId tenant, UUID id) {
        return "tenants/" + tenant.value() + "/media/" + id;
    }

    /** The upload checked and kept, at {@code at}. */
    public MediaAsset ready(ImageType.Dimensions size, Instant at) {
        return new MediaAsset(id, MediaStatus.READY, filename, type, byteSize, Optional.of(size), createdBy, createdAt,
                later(at), uploadExpiresAt);
    }

    /** The upload refused (not what was declared), at {@code at}. */
    public MediaAsset rejected(Instant at) {
        return new MediaAsset(id, MediaStatus.REJECTED, filename, type, byteSize, Optional.empty(), createdBy,
                createdAt, later(at), uploadExpiresAt);
    }

    private Instant later(Instant at) {
        Objects.requireNonNull(at, "at");
        return at.isAfter(updatedAt) ? at : updatedAt;
    }

    /**
     * A filename safe to show and to put in {@code Content-Disposition}: the last path segment only (no {@code /},
     * {@code \} or {@code ..}), NFC-normalised, without control, format (bidi overrides such as U+202E), quote or
     * separator characters, at most {@value #MAX_FILENAME_LENGTH} characters; {@code upload} when nothing is left.
     */
    public static String sanitiseFilename(String clientFilename) {
        if (clientFilename == null) {
            return "upload";
        }
        String text = Normalizer.normalize(clientFilename, Normalizer.Form.NFC);
        int cut = Math.max(text.lastIndexOf('/'), text.lastIndexOf('\\'));
        text = text.substring(cut + 1);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            int kind = Character.getType(cp);
            boolean unsafe = kind == Character.CONTROL || kind == Character.FORMAT || kind == Character.SURROGATE
                    || kind == Character.PRIVATE_USE || kind == Character.UNASSIGNED
                    || kind == Character.LINE_SEPARATOR || kind == Character.PARAGRAPH_SEPARATOR
                    || cp == '"' || cp == ';' || cp == ':' || cp == '*' || cp == '?' || cp == '<' || cp == '>'
                    || cp == '|';
            if (!unsafe && out.codePointCount(0, out.length()) < MAX_FILENAME_LENGTH) {
                out.appendCodePoint(cp);
            }
        });
        String cleaned = out.toString().strip();
        // Leading dots would make a hidden file or a relative segment of whatever keeps the name.
        while (cleaned.startsWith(".")) {
            cleaned = cleaned.substring(1);
        }
        cleaned = cleaned.strip();
        return cleaned.isEmpty() ? "upload" : cleaned;
    }
}
