package io.saasplatform.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageTypeTest {
    /** The first bytes of a PNG of 640 x 480: signature, then the IHDR chunk. */
    static byte[] pngHeader(int width, int height) {
        byte[] b = new byte[33];
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(signature, 0, b, 0, signature.length);
        putInt(b, 16, width);
        putInt(b, 20, height);
        return b;
    }

    /** SOI, an APP0 segment, then SOF0 with the dimensions. */
    static byte[] jpegHeader(int width, int height) {
        return new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 4, 'J', 'F',
            (byte) 0xFF, (byte) 0xC0, 0, 11, 8, (byte) (height >> 8), (byte) height, (byte) (width >> 8), (byte) width, 3};
    }

    static byte[] webpExtended(int width, int height) {
        byte[] b = new byte[30];
        System.arraycopy("RIFF".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 4);
        System.arraycopy("WEBPVP8X".getBytes(StandardCharsets.US_ASCII), 0, b, 8, 8);
        put24le(b, 24, width - 1);
        put24le(b, 27, height - 1);
        return b;
    }

    static byte[] avif(int width, int height) {
        byte[] b = new byte[64];
        putInt(b, 0, 24);
        System.arraycopy("ftypavif".getBytes(StandardCharsets.US_ASCII), 0, b, 4, 8);
        System.arraycopy("ispe".getBytes(StandardCharsets.US_ASCII), 0, b, 40, 4);
        putInt(b, 48, width);
        putInt(b, 52, height);
        return b;
    }

    @Test
    void given_headers_of_each_allowed_type_then_the_type_matches_and_the_dimensions_are_read() {
        assertThat(ImageType.PNG.dimensions(pngHeader(640, 480))).contains(new ImageType.Dimensions(640, 480));
        assertThat(ImageType.JPEG.dimensions(jpegHeader(300, 200))).contains(new ImageType.Dimensions(300, 200));
        assertThat(ImageType.WEBP.dimensions(webpExtended(1024, 768))).contains(new ImageType.Dimensions(1024, 768));
        assertThat(ImageType.AVIF.dimensions(avif(50, 40))).contains(new ImageType.Dimensions(50, 40));
    }

    @Test
    void given_html_or_svg_bytes_then_no_type_matches() {
        for (String text : new String[] {"<html><script>alert(1)</script>", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            ""}) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (ImageType type : ImageType.values()) {
                assertThat(type.matches(bytes)).as("%s as %s", text, type).isFalse();
                assertThat(type.dimensions(bytes)).isEmpty();
            }
        }
    }

    @Test
    void given_the_bytes_of_one_type_then_the_other_types_do_not_match() {
        assertThat(ImageType.JPEG.matches(pngHeader(1, 1))).isFalse();
        assertThat(ImageType.PNG.matches(jpegHeader(1, 1))).isFalse();
        assertThat(ImageType.AVIF.matches(webpExtended(1, 1))).isFalse();
        assertThat(ImageType.WEBP.matches(avif(1, 1))).isFalse();
    }

    @Test
    void given_a_truncated_header_then_no_dimensions() {
        assertThat(ImageType.PNG.dimensions(Arrays.copyOf(pngHeader(10, 10), 18))).isEmpty();
        assertThat(ImageType.JPEG.dimensions(Arrays.copyOf(jpegHeader(10, 10), 12))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "IMAGE/PNG", "image/png; charset=binary", " image/png "})
    void given_a_declared_png_in_any_case_or_with_parameters_then_it_is_png(String declared) {
        assertThat(ImageType.ofMediaType(declared)).contains(ImageType.PNG);
    }

    @ParameterizedTest
    @ValueSource(strings = {"image/svg+xml", "text/html", "application/octet-stream", "image/gif", "", "image/"})
    void given_a_declared_type_that_is_not_allowed_then_none(String declared) {
        assertThat(ImageType.ofMediaType(declared)).isEmpty();
    }

    private static void putInt(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }

    private static void put24le(byte[] b, int i, int v) {
        b[i] = (byte) v;
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) (v >>> 16);
    }
}
