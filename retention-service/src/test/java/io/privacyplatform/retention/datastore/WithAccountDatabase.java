package io.privacyplatform.retention.datastore;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** The service with the example account database configured as a datastore. */
public class WithAccountDatabase implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(AccountDatabaseResource.class));
    }
}
