package io.saasplatform.adapter.persistence;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * {@code timestamptz} columns read as {@link OffsetDateTime} in jOOQ; ports speak {@link Instant}. Microsecond
 * precision: instants are truncated to microseconds before they are written (PostgreSQL would round the nanoseconds
 * instead), so a value read back, or used as a keyset, is exactly the value that was stored.
 */
final class Timestamps {
    private Timestamps() {}

    static OffsetDateTime column(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /**
     * The new {@code updated_at} of a row an UPDATE changes: the database's time, and never earlier than the value it
     * had (the row's first value comes from the application's clock, which may run slightly ahead).
     */
    static Field<OffsetDateTime> touched(Field<OffsetDateTime> updatedAt) {
        return DSL.greatest(DSL.currentOffsetDateTime(), updatedAt);
    }

    static Instant instant(OffsetDateTime column) {
        return column == null ? null : column.toInstant();
    }
}
