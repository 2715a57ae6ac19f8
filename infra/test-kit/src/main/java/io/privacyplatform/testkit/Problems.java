package io.privacyplatform.testkit;

import io.restassured.response.ValidatableResponse;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** The one assertion that an answer is an RFC 9457 problem, for every service's REST tests. */
public final class Problems {

    /** An {@code application/problem+json} answer with that status and a title, and no trace of an exception. */
    public static ValidatableResponse problem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", not(equalTo(null)))
                .body(not(containsString("Exception")));
    }

    private Problems() {
    }
}
