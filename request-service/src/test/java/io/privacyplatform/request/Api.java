package io.privacyplatform.request;

import io.privacyplatform.request.service.notification.NotificationSender;
import io.privacyplatform.testkit.TestTokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.persistence.EntityManager;
import jakarta.enterprise.inject.spi.CDI;

import static io.restassured.RestAssured.given;

/** The calls the tests make, as the subject, the privacy officer and a service (partner-sync reading rectifications). */
final class Api {

    static final String ERASURE = "{\"type\":\"ERASURE\"}";
    static final String ACCESS = "{\"type\":\"ACCESS\"}";

    private Api() {
    }

    static RequestSpecification as(String subjectId) {
        return given().auth().oauth2(TestTokens.dataSubject(subjectId)).contentType(ContentType.JSON);
    }

    static RequestSpecification officer() {
        return given().auth().oauth2(TestTokens.privacyOfficer()).contentType(ContentType.JSON);
    }

    /** partner-sync's service account: the rectification reader. */
    static RequestSpecification rectificationReader() {
        return given().auth().oauth2(TestTokens.rectificationReader()).contentType(ContentType.JSON);
    }

    /** Files as the subject; returns the new request's id. */
    static String file(String subjectId, String body) {
        return as(subjectId).body(body).post("/requests").then().statusCode(201).extract().path("id");
    }

    static String fileOnBehalf(String subjectId, String method, String request) {
        return officer().body("{\"subjectId\":\"" + subjectId + "\",\"identityCheck\":{\"method\":\"" + method + "\"},\"request\":"
                + request + "}").post("/requests/on-behalf").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse approve(String id) {
        return officer().post("/requests/{id}/approve", id).then();
    }

    static ValidatableResponse view(String id) {
        return officer().get("/requests/{id}", id).then().statusCode(200);
    }

    /** Runs SQL in its own transaction, as a person with database access would; returns the update count. */
    static int sql(String statement, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = CDI.current().select(EntityManager.class).get().createNativeQuery(statement);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.executeUpdate();
        });
    }

    /** Several statements in one transaction (e.g. to disable a trigger only for the statements in between). */
    static void sqlInOneTransaction(String... statements) {
        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager entityManager = CDI.current().select(EntityManager.class).get();
            for (String statement : statements) {
                entityManager.createNativeQuery(statement).executeUpdate();
            }
        });
    }

    static Object sqlValue(String statement, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = CDI.current().select(EntityManager.class).get().createNativeQuery(statement);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return query.getSingleResult();
        });
    }

    /**
     * Sends the request's pending mails to the person now, each through the claim the scheduled sender uses (the
     * sender is off in tests: requests.notifications.send-every=off).
     */
    static void sendNotifications(String requestId) {
        NotificationSender sender = CDI.current().select(NotificationSender.class).get();
        for (Object id : pendingNotifications(requestId)) {
            sender.send((java.util.UUID) id);
        }
    }

    @SuppressWarnings("unchecked")
    static java.util.List<Object> pendingNotifications(String requestId) {
        return QuarkusTransaction.requiringNew().call(() -> CDI.current().select(EntityManager.class).get()
                .createNativeQuery("select id from notification where request_id = ?1 and status = 'PENDING' order by created_at, id")
                .setParameter(1, java.util.UUID.fromString(requestId)).getResultList());
    }

    /** Moves a request's receipt (and so both deadlines) back by {@code days}, as if it had been filed then. */
    static void fileDaysAgo(String id, int days) {
        sql("update data_subject_request set filed_at = filed_at - make_interval(days => ?2), "
                + "due_on = due_on - ?2, first_due_on = first_due_on - ?2 "
                + "where id = ?1", java.util.UUID.fromString(id), days);
    }
}
