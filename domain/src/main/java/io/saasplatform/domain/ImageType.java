package io.saasplatform.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Domain value: the image formats a shop may upload, each recognised by its magic number, with the dimensions read
 * from its header. SVG and every other type are refused: SVG is a document that can carry script.
 */
public enum ImageType {
    JPEG("image/jpeg"),
    PNG("image/png"),
    WEBP("image/webp"),
    AVIF("image/avif");

    /** How many leading bytes {@link #dimensions} may need: JPEG's frame header can follow large EXIF segments. */
    public static final int HEADER_BYTES = 64 * 1024;

    private final String mediaType;

    ImageType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The type named by a declared Content-Type (parameters and case ignored); empty for anything not allowed. */
    public static Optional<ImageType> ofMediaType(String declared) {
        if (declared == null) {
            return Optional.empty();
        }
        int semicolon = declared.indexOf(';');
        String bare = (semicolon < 0 ? declared : declared.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.mediaType.equals(bare)).findFirst();
    }

    /** Whether {@code head} (the first bytes of a file) starts with this type's magic number. */
    public boolean matches(byte[] head) {
        return switch (this) {
            case JPEG -> startsWith(head, 0, 0xFF, 0xD8, 0xFF);
            case PNG -> startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
            case WEBP -> startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P');
            case AVIF -> startsWith(head, 4, 'f', 't', 'y', 'p') && hasAvifBrand(head);
        };
    }

    /** Width and height from the header in {@code head}; empty when the header is missing or truncated. */
    public Optional<Dimensions> dimensions(byte[] head) {
        if (!matches(head)) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(switch (this) {
                case PNG -> png(head);
                case JPEG -> jpeg(head);
                case WEBP -> webp(head);
                case AVIF -> avif(head);
            }).filter(d -> d.width() > 0 && d.height() > 0);
        } catch (ArrayIndexOutOfBoundsException truncated) {
            return Optional.empty();
        }
    }

    /** Pixel dimensions of an image. */
    public record Dimensions(int width, int height) {}

    private static Dimensions png(byte[] b) {
        if (!startsWith(b, 12, 'I', 'H', 'D', 'R')) {
            return null;
        }
        return new Dimensions(int32(b, 16), int32(b, 20));
    }

    private static Dimensions jpeg(byte[] b) {
        int i = 2;
        while (i + 9 < b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
                i += 2; // markers without a length
                continue;
            }
            int length = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            boolean startOfFrame = marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
            if (startOfFrame) {
                int height = ((b[i + 5] & 0xFF) << 8) | (b[i + 6] & 0xFF);
                int width = ((b[i + 7] & 0xFF) << 8) | (b[i + 8] & 0xFF);
                return new Dimensions(width, height);
            }
            if (length < 2) {
                return null;
            }
            i += 2 + length;
        }
        return null;
    }

    private static Dimensions webp(byte[] b) {
        if (startsWith(b, 12, 'V', 'P', '8', ' ')) {
            // Lossy: a key frame's start code, then 14-bit width and height (2 scale bits each).
            if (!startsWith(b, 23, 0x9D, 0x01, 0x2A)) {
                return null;
            }
            return new Dimensions(int16le(b, 26) & 0x3FFF, int16le(b, 28) & 0x3FFF);
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'L')) {
            if ((b[20] & 0xFF) != 0x2F) {
                return null;
            }
            int b1 = b[21] & 0xFF;
            int b2 = b[22] & 0xFF;
            int b3 = b[23] & 0xFF;
            int b4 = b[24] & 0xFF;
            return new Dimensions(1 + (b1 | (b2 & 0x3F) << 8), 1 + ((b2 >> 6) | (b3 << 2) | (b4 & 0x0F) << 10));
        }
        if (startsWith(b, 12, 'V', 'P', '8', 'X')) {
            return new Dimensions(1 + int24le(b, 24), 1 + int24le(b, 27));
        }
        return null;
    }

    private static Dimensions avif(byte[] b) {
        // The image spatial extents property ('ispe'): version and flags, then 32-bit width and height.
        for (int i = 4; i + 16 <= b.length; i++) {
            if (startsWith(b, i, 'i', 's', 'p', 'e')) {
                return new Dimensions(int32(b, i + 8), int32(b, i + 12));
            }
        }
        return null;
    }

    private static boolean hasAvifBrand(byte[] b) {
        if (b.length < 16) {
            return false;
        }
        int boxSize = int32(b, 0);
        int end = Math.min(b.length, Math.max(16, boxSize));
        for (int i = 8; i + 4 <= end; i += 4) {
            if (i == 12) {
                continue; // minor version
            }
            if (startsWith(b, i, 'a', 'v', 'i', 'f') || startsWith(b, i, 'a', 'v', 'i', 's')) {
                return true;
            }
        }
        return false;
    }

    private static boolean startsWith(byte[] b, int offset, int... expected) {
        if (b == null || b.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((b[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private static int int32(byte[] b, int i) {
        return ((b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    private static int int16le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
    }

    private static int int24le(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16);
    }
}
