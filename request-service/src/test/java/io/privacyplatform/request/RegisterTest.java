package io.privacyplatform.request;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** The register of processing is public, in JSON and as a page, and shows the policy's facts. */
@QuarkusTest
class RegisterTest {

    @Test
    void anyoneReadsTheRegisterAsJsonWithoutAToken() {
        given().accept(ContentType.JSON).get("/register").then().statusCode(200)
                .body("controller.name", equalTo("CCSIT"))
                .body("dataProtectionContact.email", equalTo("csm@seo-cocoon.com"))
                .body("purposes.findAll { it.section == '§5' }", hasSize(8))
                .body("purposes.find { it.code == 'commercial-statistics' }.legalBasis", equalTo("LEGITIMATE_INTEREST"))
                .body("purposes.find { it.code == 'marketing-email' }.legalBasis", equalTo("CONSENT"))
                .body("partners.system", hasItems("stripe", "hubspot", "openai"))
                .body("partners.find { it.system == 'stripe' }.transferOutsideEu", equalTo(false))
                .body("partners.find { it.system == 'openai' }.transferSafeguard", containsString("clauses contractuelles types"))
                .body("retentionRules.find { it.code == 'accounting-ten-years' }.period", equalTo("P10Y"))
                .body("hosting.dataLocation", containsString("Union européenne"))
                .body("cookies.used", equalTo(false));
    }

    @Test
    void theRegisterIsAReadablePage() {
        given().accept(ContentType.HTML).get("/register").then().statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Registre des traitements de CCSIT"))
                .body(containsString("Stripe Payments Europe"))
                .body(containsString("25 First ST, 02141 Cambridge, United States"))
                .body(containsString("Élaboration de statistiques commerciales"))
                .body(not(containsString("{register")))
                // The page runs no script and cannot be framed; its own inline style is allowed by its hash only.
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("Content-Security-Policy", containsString("style-src 'sha256-"))
                .header("Referrer-Policy", "no-referrer")
                .header("X-Content-Type-Options", "nosniff");
    }

    @Test
    void theRegisterListsTheSystemsThatHoldPersonalDataWithTheirOperations() {
        given().accept(ContentType.JSON).get("/register").then().statusCode(200)
                .body("systems.name", contains("consent", "retention", "request", "stripe", "hubspot", "openai",
                        "account-database"))
                .body("systems.find { it.name == 'hubspot' }.kind", equalTo("processor"))
                .body("systems.find { it.name == 'hubspot' }.owner", equalTo("partner-sync-service"))
                .body("systems.find { it.name == 'stripe' }.operations", contains("erase", "rectify", "export"))
                .body("systems.find { it.name == 'request' }.operations", contains("export"))
                .body("systems.find { it.name == 'account-database' }.kind", equalTo("datastore"))
                .body("systems.find { it.name == 'account-database' }.connected", equalTo(true))
                .body("systems.find { it.name == 'account-database' }.operations", contains("erase", "rectify", "restrict", "export"))
                .body("systems.find { it.name == 'account-database' }.dataCategories", hasItems("email", "ip-address"));
    }

    @Test
    void theRegisterPageHasATableOfTheSystems() {
        given().accept(ContentType.HTML).get("/register").then().statusCode(200)
                .body(containsString("Systèmes qui détiennent des données personnelles"))
                .body(containsString("<td>hubspot</td><td>processor</td><td>partner-sync-service</td>"))
                .body(containsString("first-name, last-name, email, phone, partner-interest"))
                .body(containsString("erase, rectify, restrict, export"))
                .body(containsString("<td>account-database</td><td>datastore</td>"))
                // Every system of the registry is connected today (the account database since issue 12).
                .body(not(containsString("non raccordé")))
                .body(not(containsString("{system")));
    }

    @Test
    void theRegisterIsReadOnly() {
        given().contentType(ContentType.JSON).body("{}").post("/register").then().statusCode(405);
    }
}
