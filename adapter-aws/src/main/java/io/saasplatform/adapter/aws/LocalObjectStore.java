package io.saasplatform.adapter.aws;

import io.saasplatform.application.port.out.ObjectStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Driven adapter for the {@link ObjectStore} port without S3: objects are files under a directory
 * ({@code $DATA_DIR/media}), uploaded through the platform's own {@code PUT /media-uploads/{token}} and served at
 * {@code GET /media/{tenantId}/{mediaId}}.
 *
 * <p>The upload URL has S3's contract: its token is HMAC-SHA256-signed (key derived from {@code SECRET_KEY}) over the
 * object key, the exact Content-Type, the exact length and the expiry, so another type, another size, a later time or
 * another object is refused. Unlike S3 an object is written once: a replayed token cannot replace checked bytes.
 * Files are written under a temporary name and renamed, so a reader never sees half an object; only keys of the form
 * {@code tenants/<uuid>/media/<uuid>} are ever turned into paths.
 */
public final class LocalObjectStore implements ObjectStore {
    private static final Pattern KEY = Pattern.compile(
            "tenants/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/media/"
                    + "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
    private static final byte[] TOKEN_KEY_LABEL = "media-upload-token".getBytes(StandardCharsets.US_ASCII);
    private static final String TYPE_SUFFIX = ".type";
    /** The longest token accepted before it is even decoded. */
    static final int MAX_TOKEN_LENGTH = 1024;

    private final Path root;
    private final Supplier<String> publicBaseUrl;
    private final SecretKeySpec tokenKey;
    private final Clock clock;

    /**
     * @param root directory of the objects, created if missing
     * @param publicBaseUrl the platform's public base URL (no trailing slash), read each time a URL is made: with a
     *     random port it is known only once the server listens
     * @param secret the platform secret; the token key is derived from it under its own label
     */
    public LocalObjectStore(Path root, Supplier<String> publicBaseUrl, byte[] secret) {
        this(root, publicBaseUrl, secret, Clock.systemUTC());
    }

    public LocalObjectStore(Path root, Supplier<String> publicBaseUrl, byte[] secret, Clock clock) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.publicBaseUrl = Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Objects.requireNonNull(secret, "secret"), "HmacSHA256"));
            this.tokenKey = new SecretKeySpec(mac.doFinal(TOKEN_KEY_LABEL), "HmacSHA256");
            Files.createDirectories(this.root);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the media directory " + this.root, e);
        }
    }

    @Override
    public PresignedUpload presignUpload(String key, String contentType, long byteSize, Instant expiresAt) {
        requireKey(key);
        String payload = String.join("\n", "v1", key, contentType, Long.toString(byteSize),
                Long.toString(expiresAt.getEpochSecond()));
        String token = b64(payload.getBytes(StandardCharsets.UTF_8)) + "." + b64(sign(payload));
        return new PresignedUpload(URI.create(publicBaseUrl.get() + "/media-uploads/" + token), "PUT",
                Map.of("Content-Type", contentType), Instant.ofEpochSecond(expiresAt.getEpochSecond()));
    }

    @Override
    public String acceptDirectUpload(String token, String contentType, long contentLength, InputStream body) {
        Grant grant = verify(token);
        if (contentType == null || !grant.contentType().equals(contentType.strip().toLowerCase(Locale.ROOT))) {
            throw new UploadRefusedException("the Content-Type differs from the one the upload URL was signed for");
        }
        if (contentLength != grant.byteSize()) {
            throw new UploadRefusedException("the Content-Length differs from the size the upload URL was signed for");
        }
        Path target = path(grant.key());
        if (Files.exists(target)) {
            throw new UploadRefusedException("this upload URL has been used already");
        }
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(target.getParent());
            long written;
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW)) {
                written = copyAtMost(body, out, grant.byteSize());
            }
            if (written != grant.byteSize()) {
                throw new UploadRefusedException("the body has a different size than the upload URL was signed for");
            }
            Files.writeString(typeFile(target), grant.contentType());
            try {
                // No REPLACE_EXISTING: of two racing uploads with the same token, the second fails here.
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            return grant.key();
        } catch (FileAlreadyExistsException e) {
            throw new UploadRefusedException("this upload URL has been used already");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the upload", e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a stray .part file is harmless: never served, never counted
            }
        }
    }

    /** Copies up to {@code limit + 1} bytes: one more than allowed is enough to know the body is too long. */
    private static long copyAtMost(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, limit + 1 - total))) > 0) {
            out.write(buffer, 0, n);
            total += n;
            if (total > limit) {
                break;
            }
        }
        return total;
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        Path file = path(key);
        try {
            long size = Files.size(file);
            return Optional.of(new ObjectInfo(size, storedType(file)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public byte[] readFirstBytes(String key, int count) {
        try (InputStream in = Files.newInputStream(path(key))) {
            return in.readNBytes(count);
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void delete(String key) {
        Path file = path(key);
        try {
            Files.deleteIfExists(file);
            Files.deleteIfExists(typeFile(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public URI publicUrl(String key) {
        Matcher m = requireKey(key);
        return URI.create(publicBaseUrl.get() + "/media/" + m.group(1) + "/" + m.group(2));
    }

    @Override
    public Optional<StoredObject> open(String key) {
        Path file = path(key);
        try {
            InputStream in = Files.newInputStream(file);
            return Optional.of(new StoredObject(storedType(file).orElse("application/octet-stream"), Files.size(file), in));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Grant verify(String token) {
        if (token == null || token.length() > MAX_TOKEN_LENGTH) {
            throw new UploadRefusedException("the upload token is not valid");
        }
        int dot = token.indexOf('.');
        try {
            byte[] payload = Base64.getUrlDecoder().decode(token.substring(0, Math.max(dot, 0)));
            byte[] signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            String text = new String(payload, StandardCharsets.UTF_8);
            if (dot <= 0 || !MessageDigest.isEqual(sign(text), signature)) {
                throw new UploadRefusedException("the upload token is not valid");
            }
            String[] parts = text.split("\n", -1);
            if (parts.length != 5 || !parts[0].equals("v1")) {
                throw new UploadRefusedException("the upload token is not valid");
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[4]));
            if (!clock.instant().isBefore(expires)) {
                throw new UploadRefusedException("the upload URL has expired");
            }
            requireKey(parts[1]);
            return new Grant(parts[1], parts[2], Long.parseLong(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new UploadRefusedException("the upload token is not valid");
        }
    }

    private record Grant(String key, String contentType, long byteSize) {}

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(tokenKey);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    private static Matcher requireKey(String key) {
        Matcher m = KEY.matcher(key == null ? "" : key);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a media object key: " + key);
        }
        return m;
    }

    private Path path(String key) {
        requireKey(key);
        Path file = root.resolve(key).normalize();
        if (!file.startsWith(root)) {
            throw new IllegalArgumentException("not a media object key: " + key);
        }
        return file;
    }

    private static Path typeFile(Path object) {
        return object.resolveSibling(object.getFileName() + TYPE_SUFFIX);
    }

    private static Optional<String> storedType(Path object) throws IOException {
        try {
            return Optional.of(Files.readString(typeFile(object)).strip());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
