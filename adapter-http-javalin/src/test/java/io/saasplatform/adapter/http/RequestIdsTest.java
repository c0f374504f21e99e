package io.saasplatform.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void given_no_id_from_the_client_when_one_is_generated_then_it_is_a_random_version_4_uuid_never_repeated() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.acceptOrGenerate(null);
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).as(id).isEqualTo(4);
            assertThat(parsed.variant()).as(id).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(id);
            assertThat(seen.add(id)).as("repeated: %s", id).isTrue();
        }
    }

    @Test
    void given_an_id_from_the_client_when_sane_then_kept_else_replaced_by_a_generated_one() {
        assertThat(RequestIds.acceptOrGenerate("edge-4f2a.b_9")).isEqualTo("edge-4f2a.b_9");

        for (String insane : new String[] {"", "two words", "x".repeat(129), "line\nbreak", "quote\""}) {
            String id = RequestIds.acceptOrGenerate(insane);
            assertThat(id).as(insane).isNotEqualTo(insane);
            assertThat(UUID.fromString(id).version()).isEqualTo(4);
        }
    }
}
