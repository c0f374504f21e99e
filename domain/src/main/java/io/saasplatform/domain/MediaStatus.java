package io.saasplatform.domain;

import java.util.Locale;

/** Domain value: where an uploaded asset stands; only {@link #READY} assets are ever attached or served. */
public enum MediaStatus {
    /** An upload URL was handed out; the bytes are not checked yet. */
    PENDING,
    /** Size, magic number and dimensions checked. */
    READY,
    /** The bytes were not what was declared; the object is deleted, the row kept as a record. */
    REJECTED;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MediaStatus parse(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
