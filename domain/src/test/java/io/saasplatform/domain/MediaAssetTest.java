package io.saasplatform.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaAssetTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "../../etc/passwd|passwd",
        "..\\\\..\\\\boot.ini|boot.ini",
        "C:\\\\Users\\\\ann\\\\mug.png|mug.png",
        "  .hidden.png |hidden.png",
        "evil\u202Egnp.exe|evilgnp.exe",
        "a\"b;c:d*e?f<g>h.png|abcdefgh.png",
        "..|upload",
        "/|upload",
        "Grüße ☕.png|Grüße ☕.png"})
    void given_a_hostile_filename_then_it_is_kept_as_one_harmless_segment(String sent, String kept) {
        assertThat(MediaAsset.sanitiseFilename(sent)).isEqualTo(kept);
    }

    @ParameterizedTest
    @ValueSource(ints = {256, 2000, 100_000})
    void given_a_filename_too_long_then_it_is_cut_to_255_characters(int length) {
        assertThat(MediaAsset.sanitiseFilename("x".repeat(length))).hasSize(MediaAsset.MAX_FILENAME_LENGTH);
    }

    @org.junit.jupiter.api.Test
    void given_nul_and_other_control_characters_then_they_are_dropped() {
        assertThat(MediaAsset.sanitiseFilename("a\u0000b\u0007c\r\n.png")).isEqualTo("abc.png");
    }

    @org.junit.jupiter.api.Test
    void given_ids_then_the_object_key_holds_the_ids_only() {
        TenantId tenant = TenantId.random();
        UUID id = UUID.randomUUID();

        assertThat(MediaAsset.objectKey(tenant, id)).isEqualTo("tenants/" + tenant.value() + "/media/" + id);
    }

    @org.junit.jupiter.api.Test
    void given_a_size_below_one_then_refused_naming_byte_size() {
        assertThatThrownBy(() -> MediaAsset.pending("a.png", ImageType.PNG, 0, UserId.random(),
                java.time.Instant.EPOCH, java.time.Instant.EPOCH))
                .isInstanceOfSatisfying(InvalidValueException.class, e -> assertThat(e.field()).isEqualTo("byteSize"));
    }

    @Test
    void a_checked_upload_moves_updated_at_to_the_check_and_keeps_created_at() {
        java.time.Instant created = java.time.Instant.parse("2026-12-01T10:00:00Z");
        java.time.Instant checked = created.plusSeconds(3);
        MediaAsset pending = MediaAsset.pending("a.png", ImageType.PNG, 10, UserId.random(), created,
                created.plusSeconds(600));

        MediaAsset ready = pending.ready(new ImageType.Dimensions(4, 3), checked);
        MediaAsset rejected = pending.rejected(checked);

        assertThat(pending.updatedAt()).isEqualTo(created);
        assertThat(List.of(ready.updatedAt(), rejected.updatedAt())).containsOnly(checked);
        assertThat(List.of(ready.createdAt(), rejected.createdAt())).containsOnly(created);
        // A clock behind the creation never moves updatedAt backwards.
        assertThat(pending.ready(new ImageType.Dimensions(4, 3), created.minusSeconds(1)).updatedAt()).isEqualTo(created);
    }
}
