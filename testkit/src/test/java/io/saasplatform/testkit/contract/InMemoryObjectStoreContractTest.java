package io.saasplatform.testkit.contract;

import io.saasplatform.application.port.out.ObjectStore;
import io.saasplatform.application.port.out.ObjectStore.PresignedUpload;
import io.saasplatform.testkit.fake.InMemoryObjectStore;
import io.saasplatform.testkit.fake.MutableClock;
import java.io.ByteArrayInputStream;
import java.time.Instant;

/** The in-memory object store keeps the same contract as the local and S3 stores. */
class InMemoryObjectStoreContractTest extends ObjectStoreContract {
    private final MutableClock clock = new MutableClock(Instant.now());
    private final InMemoryObjectStore store = new InMemoryObjectStore(clock);

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected boolean upload(PresignedUpload upload, String contentType, byte[] body) {
        String token = upload.url().getPath().substring(1);
        try {
            store.acceptDirectUpload(token, contentType, body.length, new ByteArrayInputStream(body));
            return true;
        } catch (ObjectStore.UploadRefusedException refused) {
            return false;
        }
    }

    @Override
    protected boolean moveClockPast(Instant instant) {
        clock.set(instant.plusSeconds(1));
        return true;
    }
}
