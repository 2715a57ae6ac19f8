package io.privacyplatform.retention.datastore;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** The example account database as a datastore, and request-service's rectification values (a stub) behind a real token issuer. */
public class WithDatastoreRights implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AccountDatabaseResource.class), new TestResourceEntry(RequestServiceStub.class));
    }
}
