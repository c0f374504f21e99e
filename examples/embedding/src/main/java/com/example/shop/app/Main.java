package com.example.shop.app;

import com.example.shop.adapter.memory.MapCatalogRepository;
import com.example.shop.adapter.memory.MapMembershipRepository;
import com.example.shop.adapter.memory.MapTenantRepository;
import com.example.shop.adapter.memory.MapUnitOfWork;
import com.example.shop.adapter.memory.MapUserRepository;
import com.example.shop.adapter.memory.NoInvitations;
import com.example.shop.domain.PriceTag;
import com.example.shop.domain.ShelfLabel;
import io.saasplatform.application.port.in.Actor;
import io.saasplatform.application.port.in.CatalogUseCase;
import io.saasplatform.application.port.in.CatalogUseCase.ProductDraft;
import io.saasplatform.application.port.in.CreateTenantUseCase.CreateTenantCommand;
import io.saasplatform.application.port.in.PricedProduct;
import io.saasplatform.application.port.in.ProductListRequest;
import io.saasplatform.application.port.in.StorefrontUseCase;
import io.saasplatform.application.service.CatalogService;
import io.saasplatform.application.service.StorefrontService;
import io.saasplatform.application.service.TenantService;
import io.saasplatform.domain.EmailAddress;
import io.saasplatform.domain.Tenant;
import io.saasplatform.domain.User;
import java.math.BigDecimal;
import java.time.Clock;

/**
 * Composition root (example): wires the platform's catalog and storefront use cases to map-backed adapters, without
 * HTTP, opens a shop, adds products and prints its storefront.
 */
public final class Main {
    private Main() {}

    /**
     * Runs the example.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.print(run());
    }

    /** @return the printed storefront of a freshly stocked shop */
    public static String run() {
        // Adapters: the example's own, all sharing one unit of work.
        MapUnitOfWork unitOfWork = new MapUnitOfWork();
        MapTenantRepository tenants = new MapTenantRepository(unitOfWork);
        MapUserRepository users = new MapUserRepository(unitOfWork);
        MapMembershipRepository memberships = new MapMembershipRepository(unitOfWork, users);
        MapCatalogRepository catalog = new MapCatalogRepository(unitOfWork);

        // Use cases: the platform's services, constructed by hand.
        TenantService tenancy = new TenantService(unitOfWork, tenants, users, memberships, catalog, new NoInvitations());
        CatalogUseCase catalogUseCase = new CatalogService(unitOfWork, memberships, tenants, catalog, Clock.systemUTC());
        StorefrontUseCase storefront = new StorefrontService(unitOfWork, tenants, catalog);

        // A shop, its owner and three products; one stays a draft and is not shown.
        User ann = unitOfWork.withoutTenant(() -> users.insertOrGet(User.register(EmailAddress.of("ann@example.com"))));
        Tenant shop = tenancy.createTenant(new CreateTenantCommand(ann.id(), "acme", "Acme Coffee", "KWD"));
        Actor owner = new Actor(ann.id(), shop.id());
        catalogUseCase.createProduct(owner, product("Cardamom Beans", "4.250", "published"));
        catalogUseCase.createProduct(owner, product("Arabica Beans", "3.500", "published"));
        catalogUseCase.createProduct(owner, product("Secret Blend", "9.000", null));

        ShelfLabel page = new ShelfLabel(shop.name(), storefront.products("acme", ProductListRequest.defaults())
                .items().stream()
                .map(Main::tag)
                .toList());
        return page.render();
    }

    private static ProductDraft product(String name, String price, String status) {
        return new ProductDraft(name, null, null, new BigDecimal(price), null, null, status);
    }

    private static PriceTag tag(PricedProduct priced) {
        String price = priced.product().priceIn(priced.effectiveCurrency()).formatted();
        return new PriceTag(priced.product().name(), price + " " + priced.effectiveCurrency().value());
    }
}
