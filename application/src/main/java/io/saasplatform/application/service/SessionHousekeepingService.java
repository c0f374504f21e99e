package io.saasplatform.application.service;

import io.saasplatform.application.port.in.SessionHousekeeping;
import io.saasplatform.application.port.out.RefreshTokenStore;
import io.saasplatform.application.port.out.UnitOfWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Application service: purges sign-in sessions that can no longer be used. Needs only the refresh-token store, so a
 * worker node (which runs it on a schedule) wires it without the sign-in machinery of {@link AuthService}.
 */
public final class SessionHousekeepingService implements SessionHousekeeping {
    /** A revoked family is kept this long (support, forensics) before it is deleted. */
    static final Duration REVOKED_RETENTION = Duration.ofDays(1);

    private final AuthSettings settings;
    private final Clock clock;
    private final UnitOfWork unitOfWork;
    private final RefreshTokenStore refreshTokens;

    public SessionHousekeepingService(
            AuthSettings settings, Clock clock, UnitOfWork unitOfWork, RefreshTokenStore refreshTokens) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.unitOfWork = Objects.requireNonNull(unitOfWork, "unitOfWork");
        this.refreshTokens = Objects.requireNonNull(refreshTokens, "refreshTokens");
    }

    @Override
    public Purged purgeStaleSessions() {
        Instant now = clock.instant();
        return unitOfWork.withoutTenant(() -> new Purged(
                refreshTokens.clearSealedSuccessors(now.minus(settings.graceWindow())),
                refreshTokens.deleteDeadFamilies(
                        now, now.minus(settings.idleTimeout()), now.minus(REVOKED_RETENTION))));
    }
}
