package io.saasplatform.bootstrap;

import io.micrometer.core.instrument.MeterRegistry;
import io.saasplatform.adapter.ai.AiAdapter;
import io.saasplatform.adapter.persistence.PersistenceAdapter;
import io.saasplatform.adapter.redis.RedisAdapter;
import io.saasplatform.application.port.out.AiGateway;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.service.AiBudgetLimits;
import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.service.AiFeaturesService;
import io.saasplatform.application.service.AiSettings;
import io.saasplatform.application.service.CatalogService;
import io.saasplatform.application.service.DescriptionJobService;
import io.saasplatform.application.service.IdempotencyService;
import io.saasplatform.application.service.MyTenantsService;
import io.saasplatform.application.service.InvitationService;
import io.saasplatform.application.service.MailOutbox;
import io.saasplatform.application.service.MediaService;
import io.saasplatform.application.service.MediaSettings;
import io.saasplatform.application.service.MeteredAi;
import io.saasplatform.application.service.StorefrontConfigService;
import io.saasplatform.application.service.StorefrontService;
import io.saasplatform.application.service.TenantService;
import io.saasplatform.application.service.VisitService;
import java.time.Clock;
import java.time.Duration;

/**
 * The application services, wired by hand over the adapters; shared by the HTTP API (which drives them per request)
 * and the worker (which drives the outbox and jobs).
 */
record Services(
        TenantService tenants,
        CatalogService catalog,
        StorefrontService storefront,
        AiFeaturesService ai,
        InvitationService invitations,
        MailOutbox mailOutbox,
        DescriptionJobService jobs,
        VisitService visits,
        MediaService media,
        StorefrontConfigService storefrontConfig,

        IdempotencyService idempotency,
        MyTenantsService myTenants) {

    static Services wire(PlatformConfig config, PersistenceAdapter persistence, RedisAdapter redis, Mailer mailer,
            ObjectStore objectStore, MeterRegistry meters, Clock clock) {
        MediaService media = new MediaService(persistence.unitOfWork(), persistence.memberships(),
                persistence.tenants(), persistence.catalog(), persistence.media(), objectStore,
                MediaSettings.defaults().withLimits(config.media().maxBytes(), config.media().maxPending()), clock);
        StorefrontConfigService storefrontConfig = new StorefrontConfigService(persistence.unitOfWork(),
                persistence.memberships(), persistence.tenants(), persistence.storefrontConfigs(), persistence.media(),
                objectStore, clock);
        TenantService tenants = new TenantService(
                persistence.unitOfWork(),
                persistence.tenants(),
                persistence.users(),
                persistence.memberships(),
                persistence.catalog(),
                persistence.invitations(),
                redis.rateLimiter(),
                new TenantService.TenantLimits(config.maxTenantsPerUser(), config.tenantCreationsPerHour()),
                persistence.tenantReads());
        // Listing cursors are signed with a key derived from SECRET_KEY: every node accepts every node's cursors.
        // Products read through either service carry their images, read in the same execution as the products
        // (TenantReads: each read-only request is one round trip, ADR 0009).
        CatalogService catalog = new CatalogService(persistence.unitOfWork(), persistence.memberships(),
                persistence.tenants(), persistence.catalog(), clock, config.secretKey())
                .withProductImages(media.productImages())
                .withTenantReads(persistence.tenantReads());
        // The storefront's pages read their shop's face with their content: one round trip per page.
        StorefrontService storefront = new StorefrontService(
                persistence.unitOfWork(), persistence.tenants(), persistence.catalog(), config.secretKey())
                .withProductImages(media.productImages())
                .withShopFaces(storefrontConfig.shopFaces())
                .withTenantReads(persistence.tenantReads());
        MeteredAi meteredAi = new MeteredAi(
                persistence.unitOfWork(),
                AiAdapter.metered(aiGateway(config.ai()), meters),
                redis.quotaMeter(),
                persistence.aiUsageLedger(),
                AiSettings.withMonthlyLimit(config.ai().monthlyTokenLimit()),
                redis.aiBudgets(),
                new AiBudgetLimits(config.ai().userMonthlyTokenLimit(), config.ai().globalMonthlyTokenLimit()),
                clock);
        AiFeaturesService ai = new AiFeaturesService(
                persistence.unitOfWork(),
                persistence.memberships(),
                persistence.tenants(),
                persistence.catalog(),
                meteredAi,
                clock);
        MailOutbox mailOutbox = new MailOutbox(
                persistence.unitOfWork(),
                persistence.tenantContext(),
                persistence.outbox(),
                mailer,
                config.secretKey(),
                WorkerFactory.outboxSettings(config.worker()),
                clock);
        InvitationService invitations = new InvitationService(
                clock,
                InvitationService.DEFAULT_TTL,
                config.publicBaseUrl(),
                persistence.unitOfWork(),
                persistence.memberships(),
                persistence.users(),
                persistence.tenants(),
                persistence.invitations(),
                mailOutbox,
                redis.rateLimiter(),
                InvitationService.DEFAULT_INVITATIONS_PER_HOUR);
        DescriptionJobService jobs = new DescriptionJobService(
                persistence.unitOfWork(),
                persistence.memberships(),
                persistence.jobs(),
                ai,
                WorkerFactory.jobSettings(config.worker()),
                clock);
        // Unstarted: only a node that serves pages starts its writer (Platform.httpApi).
        VisitService visits = new VisitService(persistence.unitOfWork(), persistence.memberships(), persistence.visits(),
                VisitService.DEFAULT_CAPACITY, Duration.ofSeconds(1));
        IdempotencyService idempotency = new IdempotencyService(persistence.unitOfWork(), persistence.idempotencyKeys(),
                clock, IdempotencyService.Settings.defaults());
        MyTenantsService myTenants = new MyTenantsService(persistence.unitOfWork(), persistence.userTenants());
        return new Services(tenants, catalog, storefront, ai, invitations, mailOutbox, jobs, visits, media,
                storefrontConfig, idempotency, myTenants);
    }

    /** The OpenAI-compatible provider when AI_API_KEY is set, else the local deterministic one (no network). */
    private static AiGateway aiGateway(PlatformConfig.Ai ai) {
        if (ai.apiKey().isEmpty()) {
            return AiAdapter.localDeterministic();
        }
        AiAdapter.Settings settings = AiAdapter.Settings.defaults()
                .withApiKey(ai.apiKey().get())
                .withTimeout(ai.timeout());
        settings = ai.baseUrl().map(settings::withBaseUrl).orElse(settings);
        settings = ai.model().map(settings::withModel).orElse(settings);
        return AiAdapter.openAiCompatible(settings);
    }
}
