package io.saasplatform.adapter.aws;

import io.saasplatform.application.port.out.Mailer;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.SesV2ClientBuilder;
import software.amazon.awssdk.services.sesv2.model.AccountSuspendedException;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.Body;
import software.amazon.awssdk.services.sesv2.model.Content;
import software.amazon.awssdk.services.sesv2.model.Destination;
import software.amazon.awssdk.services.sesv2.model.EmailContent;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.Message;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.NotFoundException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SendingPausedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/**
 * Driven adapter: the {@link Mailer} port over Amazon SES v2 {@code SendEmail}.
 *
 * <p>Region and credentials come from the SDK's default chains ({@code AWS_REGION}, {@code AWS_ACCESS_KEY_ID}, an
 * instance or task role…), and the SDK's own endpoint variables ({@code AWS_ENDPOINT_URL},
 * {@code AWS_ENDPOINT_URL_SESV2}) point it at LocalStack or a stub. The SDK does not retry: the outbox does, with its
 * own backoff, so every attempt is visible in the outbox row. Sends are paced to {@code maxSendRate} per second on
 * this node, so a burst of invitations is smoothed instead of throttled.
 */
public final class SesMailer implements Mailer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SesMailer.class);
    private static final String UTF_8 = "UTF-8";
    /** The SES sandbox's rate. */
    public static final double DEFAULT_MAX_SEND_RATE = 14.0;

    /**
     * @param fromAddress the verified sender, e.g. {@code "Acme <no-reply@example.com>"}
     * @param maxSendRate messages per second this node sends at most
     * @param region empty: the SDK's default region chain
     * @param endpoint empty: the SDK's default (which honours {@code AWS_ENDPOINT_URL_SESV2})
     * @param credentials empty: the SDK's default credentials chain
     */
    public record Settings(
            String fromAddress,
            double maxSendRate,
            Duration timeout,
            Optional<Region> region,
            Optional<URI> endpoint,
            Optional<AwsCredentialsProvider> credentials) {
        public Settings {
            Objects.requireNonNull(fromAddress, "fromAddress");
            if (fromAddress.isBlank()) {
                throw new IllegalArgumentException("fromAddress must not be blank");
            }
            if (!(maxSendRate > 0)) {
                throw new IllegalArgumentException("maxSendRate must be positive");
            }
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(credentials, "credentials");
        }

        public static Settings of(String fromAddress, double maxSendRate) {
            return new Settings(fromAddress, maxSendRate, Duration.ofSeconds(10), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }

        /** Region and endpoint as named in the environment ({@code AWS_REGION}, {@code AWS_ENDPOINT_URL_SESV2}). */
        public Settings withRegionAndEndpoint(Optional<String> regionName, Optional<URI> endpointUrl) {
            return new Settings(fromAddress, maxSendRate, timeout, regionName.map(Region::of), endpointUrl,
                    credentials);
        }

        public Settings withEndpoint(URI endpoint, Region region, AwsCredentialsProvider credentials) {
            return new Settings(fromAddress, maxSendRate, timeout, Optional.of(region), Optional.of(endpoint),
                    Optional.of(credentials));
        }
    }

    private final SesV2Client client;
    private final String from;
    private final SendRate rate;

    public SesMailer(Settings settings) {
        Objects.requireNonNull(settings, "settings");
        SesV2ClientBuilder builder = SesV2Client.builder()
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallTimeout(settings.timeout()));
        settings.region().ifPresent(builder::region);
        settings.endpoint().ifPresent(builder::endpointOverride);
        settings.credentials().ifPresent(builder::credentialsProvider);
        this.client = builder.build();
        this.from = settings.fromAddress();
        this.rate = new SendRate(settings.maxSendRate());
    }

    @Override
    public String send(OutgoingEmail email) {
        Objects.requireNonNull(email, "email");
        SendEmailRequest request = SendEmailRequest.builder()
                .fromEmailAddress(from)
                .destination(Destination.builder().toAddresses(email.to().value()).build())
                .content(EmailContent.builder().simple(Message.builder()
                                .subject(Content.builder().data(email.subject()).charset(UTF_8).build())
                                .body(Body.builder()
                                        .text(Content.builder().data(email.textBody()).charset(UTF_8).build())
                                        .build())
                                .build())
                        .build())
                .build();
        rate.awaitSlot();
        try {
            String id = client.sendEmail(request).messageId();
            LOG.info("SES accepted mail to {} as {}", email.to(), id);
            return id;
        } catch (SdkException e) {
            if (permanent(e)) {
                throw new PermanentFailure(describe(e), e);
            }
            throw e;
        }
    }

    /**
     * Whether sending again cannot help: the address or content was rejected, the sender is not verified, the request
     * is malformed, or the account is suspended. Throttling, sending limits, a paused account, 5xx, timeouts and connection failures are transient, as are
     * 401/403 (credentials may be rotated while the message waits).
     */
    static boolean permanent(SdkException e) {
        if (e instanceof MessageRejectedException || e instanceof MailFromDomainNotVerifiedException
                || e instanceof BadRequestException || e instanceof NotFoundException
                || e instanceof AccountSuspendedException) {
            return true;
        }
        if (e instanceof SdkClientException || e instanceof TooManyRequestsException
                || e instanceof LimitExceededException || e instanceof SendingPausedException) {
            return false;
        }
        if (e instanceof SesV2Exception service) {
            int status = service.statusCode();
            return status >= 400 && status < 500 && status != 401 && status != 403 && status != 408 && status != 429;
        }
        return false;
    }

    private static String describe(SdkException e) {
        if (e instanceof SesV2Exception service && service.awsErrorDetails() != null) {
            return service.awsErrorDetails().errorCode() + ": " + service.awsErrorDetails().errorMessage();
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    @Override
    public void close() {
        client.close();
    }

    /** Paces sends: each takes the next free slot, {@code 1/rate} seconds after the previous one. */
    static final class SendRate {
        private final long intervalNanos;
        private final java.util.function.LongSupplier nanoTime;
        private final Sleeper sleeper;
        private long nextSlot;

        SendRate(double perSecond) {
            this(perSecond, System::nanoTime, nanos -> Thread.sleep(Duration.ofNanos(nanos)));
        }

        SendRate(double perSecond, java.util.function.LongSupplier nanoTime, Sleeper sleeper) {
            this.intervalNanos = (long) (1_000_000_000L / perSecond);
            this.nanoTime = nanoTime;
            this.sleeper = sleeper;
            this.nextSlot = nanoTime.getAsLong();
        }

        void awaitSlot() {
            long wait;
            synchronized (this) {
                long now = nanoTime.getAsLong();
                long slot = Math.max(now, nextSlot);
                nextSlot = slot + intervalNanos;
                wait = slot - now;
            }
            if (wait > 0) {
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a send slot", e);
                }
            }
        }

        interface Sleeper {
            void sleep(long nanos) throws InterruptedException;
        }
    }
}
