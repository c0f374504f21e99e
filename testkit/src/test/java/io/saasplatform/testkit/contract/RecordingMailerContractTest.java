package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.Mailer;
import io.saasplatform.application.port.out.Mailer.OutgoingEmail;
import io.saasplatform.testkit.fake.RecordingMailer;
import java.util.List;

/** Runs the {@code Mailer} port contract against the test kit's recording fake. */
class RecordingMailerContractTest extends MailerContract {
    private final RecordingMailer mailer = new RecordingMailer();

    @Override
    protected Mailer mailer() {
        return mailer;
    }

    @Override
    protected List<OutgoingEmail> delivered() {
        return mailer.sent();
    }
}
