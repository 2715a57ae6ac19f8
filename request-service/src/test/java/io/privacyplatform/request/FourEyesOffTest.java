package io.privacyplatform.request;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

/** Four eyes off (the default, {@code requests.four-eyes.enabled=false}): the officer who filed on behalf approves alone. */
@QuarkusTest
class FourEyesOffTest {

    @Test
    void oneOfficerFilesAndApprovesAnErasureOnBehalf() {
        String id = Api.fileOnBehalf("usr-4eyes-off-" + UUID.randomUUID(), "ID_DOCUMENT", Api.ERASURE);
        Api.approve(id).statusCode(200).body("status", equalTo("IN_PROGRESS"))
                .body("fourEyes", nullValue())
                .body("history.kind", not(hasItem("FIRST_APPROVAL")));
    }
}
