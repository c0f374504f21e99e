package io.saasplatform.testkit.contract;

import io.saasplatform.domain.CurrencyCode;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Slug;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import java.util.UUID;

/**
 * Shared set-up of the port contracts: each test creates its own tenants and users with unique slugs and emails, so
 * implementations may keep state for a whole test class.
 */
public abstract class PortContractSupport {

    /** The ports under test; may return the same instance for every test of a class. */
    protected abstract PersistencePorts ports();

    protected Tenant newTenant() {
        Tenant tenant = Tenant.open(uniqueSlug(), "Shop " + unique(), CurrencyCode.of("KWD"));
        ports().unitOfWork().runInTenant(tenant.id(), () -> ports().tenants().insert(tenant));
        return tenant;
    }

    protected User newUser() {
        return ports().unitOfWork().withoutTenant(() -> ports().users().insertOrGet(User.register(uniqueEmail())));
    }

    protected static Slug uniqueSlug() {
        return Slug.of("shop-" + unique());
    }

    protected static EmailAddress uniqueEmail() {
        return EmailAddress.of("user-" + unique() + "@example.com");
    }

    private static String unique() {
        return UUID.randomUUID().toString().substring(0, 13);
    }
}
