package io.saasplatform.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The bound statement text a read-only unit of work sends: the binding first, then the caller's text, and for equal
 * texts the same {@code String}, so that pgjdbc's statement cache finds it by identity instead of hashing and comparing
 * kilobytes on every execution. What the binding does on the wire is {@link ReadOnlyUnitOfWorkTest}'s subject.
 */
class TenantBoundConnectionTest {

    @Test
    void given_one_statement_text_in_two_strings_when_bound_then_both_get_the_same_text_led_by_the_binding() {
        String sql = "select id from products where tenant_id = ? and slug = ?";
        String first = TenantBoundConnection.bound(sql);
        String second = TenantBoundConnection.bound(new String(sql.toCharArray()));

        assertThat(first).isEqualTo(TenantBoundConnection.BIND_TENANT_READ_ONLY + ";" + sql);
        assertThat(second).isSameAs(first);
    }

    @Test
    void given_different_statement_texts_when_bound_then_each_keeps_its_own_text() {
        String products = TenantBoundConnection.bound("select * from products where tenant_id = ?");
        String categories = TenantBoundConnection.bound("select * from categories where tenant_id = ?");

        assertThat(products).endsWith(";select * from products where tenant_id = ?");
        assertThat(categories).endsWith(";select * from categories where tenant_id = ?");
    }
}
