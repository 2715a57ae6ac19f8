package io.privacyplatform.retention;

import io.privacyplatform.testkit.AccessMatrix;
import io.privacyplatform.testkit.ReadmeSection;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The README's access matrix is what this service enforces: every operation of its OpenAPI document, called with
 * no token and with each role's token (own and another subject where one is named), must answer as the table says.
 */
@QuarkusTest
class AccessMatrixTest {

    @Test
    void theReadmeMatrixIsWhatTheServiceEnforces() {
        AccessMatrix matrix = AccessMatrix.measure();
        System.out.println("[access-matrix] retention-service: " + matrix.checks() + " checks");
        ReadmeSection.assertUpToDate(ReadmeSection.moduleReadme(), "access-matrix", matrix.markdown());
    }
}
