package io.saasplatform.application.service;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets handed to clients (refresh and invitation tokens): generation, hashing for storage, and sealing a token so
 * that it can be handed out again during the refresh grace window without ever being stored in clear.
 */
final class TokenCrypto {
    /** Refuse absurd inputs before hashing them: our tokens are 43 characters (plus a 36-character tenant prefix). */
    static final int MAX_TOKEN_LENGTH = 256;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int TOKEN_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final byte[] SEAL_KEY_LABEL = "refresh-token-seal".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec sealKey;

    /** @param sealingKey the platform secret; the AES key is derived from it so the secret itself never encrypts. */
    TokenCrypto(byte[] sealingKey) {
        this(sealingKey, SEAL_KEY_LABEL);
    }

    /**
     * A sealer whose AES key is derived from {@code sealingKey} under {@code label}: one label per purpose, so that
     * a value sealed for one purpose never unseals as another's.
     */
    TokenCrypto(byte[] sealingKey, byte[] label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(sealingKey, "HmacSHA256"));
            this.sealKey = new SecretKeySpec(mac.doFinal(label), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    /** 256 random bits, base64url without padding (43 characters). */
    static String randomToken() {
        byte[] bytes = new byte[TOKEN_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Constant-time comparison, for anything derived from a secret. */
    static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }

    static boolean plausible(String token) {
        return token != null && !token.isBlank() && token.length() <= MAX_TOKEN_LENGTH;
    }

    /** AES-256-GCM with a random 12-byte IV, returned as IV followed by ciphertext and tag. */
    byte[] seal(String token) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, iv));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    /** The sealed token, or an {@link IllegalArgumentException} when it was not sealed with this key (or tampered). */
    String unseal(byte[] sealed) {
        if (sealed == null || sealed.length <= IV_BYTES) {
            throw new IllegalArgumentException("sealed token is too short");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(TAG_BITS, sealed, 0, IV_BYTES));
            byte[] clear = cipher.doFinal(sealed, IV_BYTES, sealed.length - IV_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new IllegalArgumentException("sealed token does not authenticate under the current key", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }
}
