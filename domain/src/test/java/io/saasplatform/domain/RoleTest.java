package io.saasplatform.domain;

import static io.saasplatform.domain.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleTest {

    @ParameterizedTest(name = "{0} at least {1}: {2}")
    @CsvSource({
        "OWNER, OWNER, true",
        "OWNER, ADMIN, true",
        "OWNER, STAFF, true",
        "ADMIN, OWNER, false",
        "ADMIN, ADMIN, true",
        "ADMIN, STAFF, true",
        "STAFF, OWNER, false",
        "STAFF, ADMIN, false",
        "STAFF, STAFF, true",
    })
    void given_two_roles_when_comparing_rights_then_owner_above_admin_above_staff(
            Role role, Role other, boolean atLeast) {
        assertThat(role.atLeast(other)).isEqualTo(atLeast);
    }

    @ParameterizedTest
    @CsvSource({"owner, OWNER", "admin, ADMIN", "staff, STAFF"})
    void given_wire_name_when_parsing_role_then_role(String text, Role role) {
        assertThat(Role.parse(text)).isEqualTo(role);
        assertThat(role.wireName()).isEqualTo(text);
    }

    @ParameterizedTest
    @EnumSource(Role.class)
    void given_role_when_parsing_its_wire_name_then_same_role(Role role) {
        assertThat(Role.parse(role.wireName())).isEqualTo(role);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"OWNER", "Owner", " owner", "owner ", "superuser", "member", "1"})
    void given_unknown_wire_name_when_parsing_role_then_refused_naming_role(String text) {
        assertRefused(() -> Role.parse(text), "role");
    }
}
