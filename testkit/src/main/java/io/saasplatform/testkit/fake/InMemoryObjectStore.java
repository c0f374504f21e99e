package io.saasplatform.testkit.fake;

import io.saasplatform.application.port.out.ObjectStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory {@link ObjectStore}: an upload URL is {@code memory://uploads/<grant id>}, and {@link #acceptDirectUpload}
 * (with the grant id as token) stores the bytes when type, length and expiry match, once, like the local store.
 */
public final class InMemoryObjectStore implements ObjectStore {
    private record Grant(String key, String contentType, long byteSize, Instant expiresAt) {}

    private record Stored(String contentType, byte[] bytes) {}

    private final Map<String, Grant> grants = new ConcurrentHashMap<>();
    private final Map<String, Stored> objects = new ConcurrentHashMap<>();
    private final Clock clock;

    /** Expiries are checked against {@code clock}. */
    public InMemoryObjectStore(Clock clock) {
        this.clock = clock;
    }

    /** Expiries are checked against the system clock. */
    public InMemoryObjectStore() {
        this(Clock.systemUTC());
    }

    @Override
    public PresignedUpload presignUpload(String key, String contentType, long byteSize, Instant expiresAt) {
        String token = UUID.randomUUID().toString();
        grants.put(token, new Grant(key, contentType, byteSize, expiresAt));
        return new PresignedUpload(URI.create("memory://uploads/" + token), "PUT", Map.of("Content-Type", contentType),
                expiresAt);
    }

    @Override
    public String acceptDirectUpload(String token, String contentType, long contentLength, InputStream body) {
        Grant grant = grants.get(token);
        if (grant == null || !clock.instant().isBefore(grant.expiresAt())) {
            throw new UploadRefusedException("unknown or expired upload");
        }
        if (!grant.contentType().equals(contentType) || grant.byteSize() != contentLength) {
            throw new UploadRefusedException("another type or length than signed for");
        }
        byte[] bytes;
        try {
            bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, grant.byteSize() + 1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length != grant.byteSize()) {
            throw new UploadRefusedException("the body has another length than signed for");
        }
        if (objects.putIfAbsent(grant.key(), new Stored(contentType, bytes)) != null) {
            throw new UploadRefusedException("already uploaded");
        }
        return grant.key();
    }

    /** Puts an object as if it had been uploaded (any bytes, any type): for tests of what completion finds. */
    public void put(String key, String contentType, byte[] bytes) {
        objects.put(key, new Stored(contentType, bytes.clone()));
    }

    /** Whether an object is stored under {@code key}. */
    public boolean contains(String key) {
        return objects.containsKey(key);
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        return Optional.ofNullable(objects.get(key))
                .map(o -> new ObjectInfo(o.bytes().length, Optional.of(o.contentType())));
    }

    @Override
    public byte[] readFirstBytes(String key, int count) {
        Stored stored = objects.get(key);
        return stored == null ? new byte[0] : Arrays.copyOf(stored.bytes(), Math.min(count, stored.bytes().length));
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public URI publicUrl(String key) {
        return URI.create("memory://public/" + key);
    }

    @Override
    public Optional<StoredObject> open(String key) {
        return Optional.ofNullable(objects.get(key))
                .map(o -> new StoredObject(o.contentType(), o.bytes().length, new ByteArrayInputStream(o.bytes())));
    }
}
