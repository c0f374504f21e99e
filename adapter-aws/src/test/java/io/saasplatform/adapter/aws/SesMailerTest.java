package io.saasplatform.adapter.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.domain.EmailAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.LimitExceededException;
import software.amazon.awssdk.services.sesv2.model.MailFromDomainNotVerifiedException;
import software.amazon.awssdk.services.sesv2.model.MessageRejectedException;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;
import software.amazon.awssdk.services.sesv2.model.TooManyRequestsException;

/** The SES v2 adapter against WireMock serving the SES v2 REST API: signing, the request it sends, and errors. */
class SesMailerTest {
    private static final String SEND = "/v2/email/outbound-emails";
    private static final OutgoingEmail EMAIL = new OutgoingEmail(
            EmailAddress.of("bob@example.com"), "Invitation to join Acme", "Accept with this token.\n");

    private WireMockServer ses;
    private SesMailer mailer;

    @BeforeEach
    void start() {
        ses = new WireMockServer(options().dynamicPort());
        ses.start();
        mailer = new SesMailer(SesMailer.Settings.of("Acme <no-reply@acme.example>", 1_000).withEndpoint(
                URI.create("http://localhost:" + ses.port()), Region.EU_WEST_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret-test-key"))));
    }

    @AfterEach
    void stop() {
        mailer.close();
        ses.stop();
    }

    @Test
    void given_ses_accepts_then_the_request_is_sigv4_signed_carries_from_to_subject_and_its_id_is_returned() {
        ses.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"MessageId\":\"0100-abc\"}")));

        String id = mailer.send(EMAIL);

        assertThat(id).isEqualTo("0100-abc");
        ses.verify(1, postRequestedFor(urlEqualTo(SEND))
                .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIDTEST/\\d{8}/eu-west-1/ses/"
                        + "aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, "
                        + "Signature=[0-9a-f]{64}"))
                .withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
                .withRequestBody(matchingJsonPath("$.FromEmailAddress", matching("Acme <no-reply@acme.example>")))
                .withRequestBody(matchingJsonPath("$.Destination.ToAddresses[0]", matching("bob@example.com")))
                .withRequestBody(matchingJsonPath("$.Content.Simple.Subject.Data", matching("Invitation to join Acme")))
                .withRequestBody(matchingJsonPath("$.Content.Simple.Body.Text.Data", matching("Accept with .*"))));
    }

    @ParameterizedTest(name = "{0} {1} is permanent")
    @CsvSource({
        "400, MessageRejected",
        "400, MailFromDomainNotVerifiedException",
        "400, BadRequestException",
    })
    void given_a_permanent_refusal_then_a_permanent_failure_naming_it(int status, String errorType) {
        stubError(status, errorType);

        assertThatThrownBy(() -> mailer.send(EMAIL))
                .isInstanceOf(Mailer.PermanentFailure.class)
                .hasMessageContaining("refused in test");
    }

    @ParameterizedTest(name = "{0} {1} is transient")
    @CsvSource({
        "503, ServiceUnavailable",
        "500, InternalFailure",
        "429, TooManyRequestsException",
        "400, LimitExceededException",
    })
    void given_throttling_or_a_server_error_then_a_transient_failure_and_one_request_only(int status, String type) {
        stubError(status, type);

        assertThatThrownBy(() -> mailer.send(EMAIL))
                .isInstanceOf(RuntimeException.class)
                .isNotInstanceOf(Mailer.PermanentFailure.class);
        // The SDK does not retry on its own: the outbox owns retries and their backoff.
        ses.verify(1, postRequestedFor(urlEqualTo(SEND)));
    }

    @Test
    void classification_of_the_sdk_exceptions() {
        assertThat(SesMailer.permanent(MessageRejectedException.builder().statusCode(400).build())).isTrue();
        assertThat(SesMailer.permanent(MailFromDomainNotVerifiedException.builder().statusCode(400).build())).isTrue();
        assertThat(SesMailer.permanent(BadRequestException.builder().statusCode(400).build())).isTrue();
        assertThat(SesMailer.permanent(TooManyRequestsException.builder().statusCode(429).build())).isFalse();
        assertThat(SesMailer.permanent(LimitExceededException.builder().statusCode(400).build())).isFalse();
        assertThat(SesMailer.permanent(SesV2Exception.builder().statusCode(503).build())).isFalse();
        assertThat(SesMailer.permanent(SesV2Exception.builder().statusCode(403).build())).isFalse();
        assertThat(SesMailer.permanent(SdkClientException.create("connect timed out"))).isFalse();
    }

    @Test
    void given_a_burst_then_sends_are_paced_one_interval_apart() {
        AtomicLong now = new AtomicLong(1_000);
        List<Long> sleeps = new ArrayList<>();
        SesMailer.SendRate rate = new SesMailer.SendRate(4, now::get, sleeps::add);

        for (int i = 0; i < 4; i++) {
            rate.awaitSlot();
        }
        now.addAndGet(2_000_000_000L);
        rate.awaitSlot();

        assertThat(sleeps).containsExactly(250_000_000L, 500_000_000L, 750_000_000L);
    }

    private void stubError(int status, String errorType) {
        ses.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("x-amzn-ErrorType", errorType)
                .withBody("{\"message\":\"refused in test\"}")));
    }
}
