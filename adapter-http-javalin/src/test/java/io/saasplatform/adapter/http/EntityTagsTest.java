package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void given_the_reference_test_vectors_when_hashed_then_murmur3_x64_128_as_published() {
        assertThat(hex("")).isEqualTo("00000000000000000000000000000000");
        assertThat(hex("The quick brown fox jumps over the lazy dog")).isEqualTo("6c1b07bc7bbc4be347939ac4a93c437a");
    }

    @Test
    void given_bodies_differing_in_one_byte_at_any_position_when_tagged_then_every_tag_differs() {
        byte[] body = "{\"items\":[{\"name\":\"Lamp\",\"price\":\"12.500\"}],\"nextCursor\":null}"
                .getBytes(StandardCharsets.UTF_8);
        Set<String> tags = new HashSet<>();
        tags.add(EntityTags.weakOf(body));
        for (int i = 0; i < body.length; i++) {
            byte[] changed = body.clone();
            changed[i] ^= 1;
            tags.add(EntityTags.weakOf(changed));
        }

        assertThat(tags).hasSize(body.length + 1).allMatch(tag -> tag.matches("W/\"[A-Za-z0-9_-]{22}\""));
        assertThat(EntityTags.weakOf(body)).isEqualTo(EntityTags.weakOf(body.clone()));
    }

    private static String hex(String text) {
        return HexFormat.of().formatHex(EntityTags.murmur3(text.getBytes(StandardCharsets.UTF_8)));
    }
}
