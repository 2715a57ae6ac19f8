package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.RealmClients;
import io.privacyplatform.sandbox.Failure;
import io.privacyplatform.sandbox.Partner;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The privacy officer's console in a real browser (Debian's chromium and chromedriver, headless, driven offline by
 * Selenium) against the packaged services: signing in through the issuer's login page (Authorization Code with PKCE),
 * the queue by deadline, a request approved and followed until it completes, another rejected on a legal ground, a
 * third extended, an objection completed, a restriction lifted, an heir's request filed on behalf; axe-core finds no
 * serious or critical accessibility violation on the login page, the queue, the request page, the filing form, the
 * attention list and the partner tasks; a data subject who signs in gets no officer action. Screenshots go to {@code target/screenshots/}.
 */
@Order(SharedPlatform.Profile.STANDARD_ORDER)
class ConsoleBrowserIT {

    private static final Duration UI = Duration.ofSeconds(30);
    private static final Duration COMPLETION = Duration.ofSeconds(120);
    private static LocalPlatform platform;
    private static Browser browser;
    private static WebDriver driver;

    @BeforeAll
    static void startPlatformAndBrowser() {
        platform = SharedPlatform.of(SharedPlatform.Profile.STANDARD);
        browser = Browser.start("fr-FR");
        driver = browser.driver();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theOfficerHandlesRequestsFromTheQueueToTheirDecision() {
        // Three requests to handle, and one already extended (its later deadline puts it after them in the queue).
        String erasure = file("usr-" + UUID.randomUUID(), "{\"type\":\"ERASURE\"}");
        String toReject = file("usr-" + UUID.randomUUID(), "{\"type\":\"ACCESS\",\"details\":\"tout\"}");
        String toExtend = file("usr-" + UUID.randomUUID(), "{\"type\":\"OBJECTION\",\"scope\":\"PROSPECTION\"}");
        String extendedEarlier = file("usr-" + UUID.randomUUID(), "{\"type\":\"PORTABILITY\"}");
        given().auth().oauth2(officerToken()).contentType(ContentType.JSON)
                .body("{\"months\":2,\"reason\":\"volume\"}")
                .post(url("/requests/" + extendedEarlier + "/extend")).then().statusCode(200);

        signIn("dpo-console", "privacy-officer");
        WebDriverWait wait = new WebDriverWait(driver, UI);
        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(extendedEarlier)));
        List<WebElement> rows = driver.findElements(By.cssSelector("#queue tbody tr"));
        List<String> dueDates = rows.stream().map(row -> row.getAttribute("data-due-on")).toList();
        assertEquals(dueDates.stream().sorted().toList(), dueDates, "most urgent first");
        List<String> ids = rows.stream().map(row -> row.getAttribute("data-request-id")).toList();
        assertTrue(ids.indexOf(erasure) < ids.indexOf(extendedEarlier) && ids.indexOf(toExtend) < ids.indexOf(extendedEarlier),
                "the extended request comes after the ones due sooner: " + ids);
        browser.screenshot("01-queue");
        browser.assertNoSeriousAccessibilityViolations("queue");

        // Filters: only objections.
        new Select(driver.findElement(By.id("filter-type"))).selectByValue("OBJECTION");
        driver.findElement(By.id("filter-apply")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(rowOf(erasure)));
        assertTrue(!driver.findElements(rowOf(toExtend)).isEmpty(), "the objection stays listed");
        new Select(driver.findElement(By.id("filter-type"))).selectByValue("");
        driver.findElement(By.id("filter-apply")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(rowOf(erasure)));

        // Approve the erasure and watch it complete.
        open(erasure);
        assertEquals("Déposée", driver.findElement(By.id("request-status")).getText());
        browser.screenshot("02-request");
        browser.assertNoSeriousAccessibilityViolations("request page");
        driver.findElement(By.id("approve-button")).click();
        new WebDriverWait(driver, COMPLETION).until(ExpectedConditions.textToBe(By.id("request-status"), "Terminée"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#receipt tr[data-system='consent']")));
        assertEquals("COMPLETED", status(erasure));
        // The mails to the person are listed with where they stand (this account has no address: NO_ADDRESS).
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("mails"), "RECEIVED"));
        browser.screenshot("03-approved-and-completed");

        // Reject the access request on a legal ground.
        backToQueue();
        open(toReject);
        new Select(driver.findElement(By.id("reject-ground"))).selectByValue("MANIFESTLY_EXCESSIVE");
        driver.findElement(By.id("reject-text")).sendKeys("Quatrième demande identique ce mois-ci.");
        driver.findElement(By.id("reject-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("request-status"), "Refusée"));
        assertTrue(driver.findElement(By.id("request-rejection")).getText().contains("Quatrième demande identique"));
        given().auth().oauth2(officerToken()).get(url("/requests/" + toReject)).then().statusCode(200)
                .body("status", equalTo("REJECTED")).body("rejection.ground", equalTo("MANIFESTLY_EXCESSIVE"));
        browser.screenshot("04-rejected");

        // Extend the objection by one month.
        backToQueue();
        open(toExtend);
        String dueBefore = driver.findElement(By.id("request-due")).getText();
        new Select(driver.findElement(By.id("extend-months"))).selectByValue("1");
        driver.findElement(By.id("extend-reason")).sendKeys("Vérifications auprès de nos partenaires.");
        driver.findElement(By.id("extend-button")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("request-extension")));
        assertTrue(!dueBefore.equals(driver.findElement(By.id("request-due")).getText()), "a new deadline is shown");
        given().auth().oauth2(officerToken()).get(url("/requests/" + toExtend)).then().statusCode(200)
                .body("extension.months", equalTo(1)).body("extension.reason", equalTo("Vérifications auprès de nos partenaires."));
        browser.screenshot("05-extended");

        assertTrue(driver.findElements(By.id("extend-button")).isEmpty(), "one extension only: the form is gone");

        // The objection approved, then completed by the officer with a reason.
        driver.findElement(By.id("approve-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("request-status"), "En cours"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("complete-reasons")))
                .sendKeys("Opposition à la prospection enregistrée dans tous les systèmes.");
        driver.findElement(By.id("complete-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("request-status"), "Terminée"));
        given().auth().oauth2(officerToken()).get(url("/requests/" + toExtend)).then().statusCode(200)
                .body("status", equalTo("COMPLETED"));

        // File on behalf of an heir; a refused body is shown in words, naming the field.
        driver.findElement(By.id("nav-file")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("file-form")));
        driver.findElement(By.id("f-subject")).sendKeys("pas un identifiant !");
        driver.findElement(By.id("file-submit")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("alert"), "subjectId"));
        assertTrue(driver.findElement(By.id("alert")).getText().startsWith("Saisie invalide."), driver.findElement(By.id("alert")).getText());
        String deceased = "usr-" + UUID.randomUUID();
        driver.findElement(By.id("f-subject")).clear();
        driver.findElement(By.id("f-subject")).sendKeys(deceased);
        new Select(driver.findElement(By.id("f-type"))).selectByValue("HEIR");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("f-date-of-death")));
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = '2026-01-15'", driver.findElement(By.id("f-date-of-death")));
        driver.findElement(By.id("f-death-ref")).sendKeys("Acte 2026-118");
        driver.findElement(By.id("f-heir-name")).sendKeys("Jeanne Martin");
        driver.findElement(By.id("f-heir-relationship")).sendKeys("fille");
        driver.findElement(By.id("f-heirship-ref")).sendKeys("Notoriété 77-2026");
        driver.findElement(By.id("f-note")).sendKeys("Acte de décès et acte de notoriété vus en original.");
        browser.assertNoSeriousAccessibilityViolations("filing on behalf");
        driver.findElement(By.id("file-submit")).click();
        wait.until(ExpectedConditions.textToBe(By.id("request-title"), "Demande Héritier"));
        assertEquals("Demande déposée.", driver.findElement(By.id("status")).getText());
        String heirRequest = driver.findElement(By.id("request-id")).getText();
        given().auth().oauth2(officerToken()).get(url("/requests/" + heirRequest)).then().statusCode(200)
                .body("subjectId", equalTo(deceased)).body("channel", equalTo("PRIVACY_OFFICER"))
                .body("identityCheck.method", equalTo("PROOF_OF_DEATH_AND_HEIRSHIP")).body("details.ask", equalTo("CLOSE_ACCOUNT"));
        browser.screenshot("06-filed-for-an-heir");

        // English on demand.
        driver.findElement(By.id("lang-switch")).click();
        wait.until(ExpectedConditions.textToBe(By.id("request-title"), "Heir request"));
        driver.findElement(By.id("lang-switch")).click();
        wait.until(ExpectedConditions.textToBe(By.id("request-title"), "Demande Héritier"));

        // The attention list and the partner tasks pass axe too.
        driver.findElement(By.id("nav-attention")).click();
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#view h1"), "À surveiller"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#view h2")));
        assertEquals("", driver.findElement(By.id("alert")).getText());
        browser.assertNoSeriousAccessibilityViolations("attention list");
        driver.findElement(By.id("nav-tasks")).click();
        wait.until(ExpectedConditions.or(
                ExpectedConditions.presenceOfElementLocated(By.id("tasks")),
                ExpectedConditions.textToBePresentInElementLocated(By.id("view"), "Aucune tâche en échec")));
        browser.assertNoSeriousAccessibilityViolations("partner tasks");

        // A restriction approved, in force once every system confirmed, then lifted.
        String restriction = file("usr-" + UUID.randomUUID(), "{\"type\":\"RESTRICTION\",\"ground\":\"ACCURACY_CONTESTED\"}");
        backToQueue();
        open(restriction);
        driver.findElement(By.id("approve-button")).click();
        new WebDriverWait(driver, COMPLETION).until(ExpectedConditions.textToBe(By.id("request-status"), "Terminée"));
        wait.until(ExpectedConditions.elementToBeClickable(By.id("lift-reason"))).sendKeys("Exactitude vérifiée : données correctes.");
        driver.findElement(By.id("lift-button")).click();
        // GDPR Art. 18(3): the lift is announced, and goes out once the person is told (here no address is known, so
        // the notice in the request suffices and the sender lets the lift go at its next run).
        wait.until(ExpectedConditions.textToBe(By.id("status"),
                "Levée annoncée : elle prend effet dès que la personne est informée."));
        await().atMost(UI).untilAsserted(() -> given().auth().oauth2(officerToken()).get(url("/requests/" + restriction))
                .then().statusCode(200)
                .body("restriction.inForce", equalTo(false))
                .body("restriction.liftReason", equalTo("Exactitude vérifiée : données correctes.")));
        browser.screenshot("07-restriction-lifted");

        driver.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
        assertTrue(driver.findElements(By.id("request-status")).isEmpty(), "nothing of the request stays on screen");
    }

    @Test
    void aDataSubjectWhoSignsInGetsNoOfficerAction() {
        String subject = "usr-" + UUID.randomUUID();
        String own = file(subject, "{\"type\":\"ERASURE\"}");
        driver.get(platform.serviceUrl("request-service") + "/console/#/requests/" + own);
        signInFromConsole(subject, "data-subject");
        WebDriverWait wait = new WebDriverWait(driver, UI);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("not-for-you")));
        assertTrue(driver.findElements(By.id("approve-button")).isEmpty());
        assertTrue(!driver.findElement(By.id("nav")).isDisplayed(), "no officer navigation");
        browser.screenshot("08-data-subject");
        // The APIs answer 403 anyway.
        given().auth().oauth2(platform.token(subject, "data-subject")).post(url("/requests/" + own + "/approve"))
                .then().statusCode(403);
        driver.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
    }

    @Test
    void anOperatorRetriesDeadPartnerTasksAndTheOfficerResolvesAnErasureByHand() {
        // Two erasures whose HubSpot deletion is refused (a revoked key: 401): each task is DEAD at once.
        String retried = deadHubSpotTask();
        String resolved = deadHubSpotTask();

        signIn("ops-console", "operator");
        WebDriverWait wait = new WebDriverWait(driver, UI);
        // Cross-origin (CORS for the console's origin only): partner-sync's list of DEAD tasks.
        wait.until(ExpectedConditions.presenceOfElementLocated(taskRow(resolved)));
        assertEquals("", driver.findElement(By.id("alert")).getText(), "partner-sync answered the console's origin");
        assertTrue(driver.findElements(By.id("nav-queue")).stream().noneMatch(WebElement::isDisplayed),
                "an operator does not get the officer's queue");
        browser.screenshot("09-operator-tasks");
        browser.assertNoSeriousAccessibilityViolations("partner tasks with dead tasks");

        driver.findElement(By.cssSelector("tr[data-task-id='" + retried + "'] button.retry")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Tâche relancée."));
        assertTrue(driver.findElements(taskRow(retried)).isEmpty(), "a retried task leaves the DEAD list");
        await().atMost(COMPLETION).untilAsserted(() -> given().auth().oauth2(platform.token("ops-1", "operator"))
                .get(platform.serviceUrl("partner-sync-service") + "/tasks/" + retried).then().statusCode(200)
                .body("state", equalTo("DONE")));

        // An erasure task is resolved by hand by the privacy officer only (issue 15): the operator is told so.
        assertTrue(driver.findElements(By.cssSelector("tr[data-task-id='" + resolved + "'] form.resolve")).isEmpty(),
                "no resolve form for an operator on an erasure task");
        driver.findElement(By.cssSelector("tr[data-task-id='" + resolved + "'] .officer-only"));
        driver.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));

        signIn("dpo-tasks", "privacy-officer");
        wait.until(ExpectedConditions.elementToBeClickable(By.id("nav-tasks"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("category-" + resolved)));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("category-" + resolved)))
                .selectByValue("erased-in-partner-console");
        driver.findElement(By.id("evidence-" + resolved)).sendKeys("ticket 4711");
        driver.findElement(By.id("note-" + resolved)).sendKeys("Contact supprimé à la main dans HubSpot.");
        driver.findElement(By.cssSelector("tr[data-task-id='" + resolved + "'] form.resolve button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("status"), "Tâche marquée résolue."));
        given().auth().oauth2(platform.token("ops-1", "operator"))
                .get(platform.serviceUrl("partner-sync-service") + "/tasks/" + resolved).then().statusCode(200)
                .body("state", equalTo("RESOLVED_MANUALLY"))
                .body("resolution.resolvedBy", equalTo("dpo-tasks"))
                .body("resolution.category", equalTo("erased-in-partner-console"))
                .body("resolution.evidenceReference", equalTo("ticket 4711"));

        driver.findElement(By.id("sign-out")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("signed-out")));
    }

    /** A subject known to HubSpot only, whose approved erasure meets a 401 there; the id of its DEAD task. */
    private static String deadHubSpotTask() {
        String subject = "usr-" + UUID.randomUUID();
        String contact = String.valueOf(Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000_000L));
        platform.sandbox().seedHubSpotContact(contact, java.util.Map.of("email", subject + "@example.fr"));
        given().auth().oauth2(platform.clientToken(RealmClients.BILLING_BACKEND)).contentType(ContentType.JSON)
                .body(java.util.Map.of("subjectId", subject, "partner", "hubspot", "objectType", "contact",
                        "objectId", contact, "purpose", "customer-inquiries"))
                .post(platform.serviceUrl("partner-sync-service") + "/processor-records").then().statusCode(201);
        platform.sandbox().failNext(Partner.HUBSPOT, 1, Failure.UNAUTHORIZED);
        String request = file(subject, "{\"type\":\"ERASURE\"}");
        given().auth().oauth2(officerToken()).post(url("/requests/" + request + "/approve")).then().statusCode(200);
        return await().atMost(COMPLETION).until(() -> given().auth().oauth2(platform.token("ops-1", "operator"))
                .queryParam("state", "DEAD").queryParam("partner", "hubspot").queryParam("size", "200")
                .get(platform.serviceUrl("partner-sync-service") + "/tasks").then().statusCode(200)
                .extract().jsonPath().<String>getList("items.findAll { it.subjectId == '" + subject + "' }.id"),
                ids -> ids != null && !ids.isEmpty()).get(0);
    }

    private static By taskRow(String taskId) {
        return By.cssSelector("#tasks tr[data-task-id='" + taskId + "']");
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Opens the console (a fresh page: no token in memory) and signs in through the issuer's login page. */
    private static void signIn(String user, String role) {
        driver.get(platform.serviceUrl("request-service") + "/console/");
        signInFromConsole(user, role);
    }

    private static void signInFromConsole(String user, String role) {
        WebDriverWait wait = new WebDriverWait(driver, UI);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("sign-in"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("username")));
        assertTrue(driver.getCurrentUrl().startsWith(platform.issuer().issuerUrl() + "/protocol/openid-connect/auth?"),
                driver.getCurrentUrl());
        browser.assertNoSeriousAccessibilityViolations("the issuer's login page");
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("role-" + role)).click();
        driver.findElement(By.id("sign-in")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("who"), user));
        assertTrue(!driver.getCurrentUrl().contains("code="), "the code leaves the address bar: " + driver.getCurrentUrl());
    }

    private static By rowOf(String requestId) {
        return By.cssSelector("#queue tr[data-request-id='" + requestId + "']");
    }

    private static void open(String requestId) {
        WebDriverWait wait = new WebDriverWait(driver, UI);
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#queue tr[data-request-id='" + requestId + "'] a"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("request-id"), requestId));
    }

    private static void backToQueue() {
        driver.findElement(By.id("nav-queue")).click();
        new WebDriverWait(driver, UI).until(ExpectedConditions.presenceOfElementLocated(By.id("queue")));
    }

    private static String file(String subject, String body) {
        return given().auth().oauth2(platform.token(subject, "data-subject")).contentType(ContentType.JSON).body(body)
                .post(url("/requests")).then().statusCode(201).extract().path("id");
    }

    private static String status(String requestId) {
        return given().auth().oauth2(officerToken()).get(url("/requests/" + requestId)).then().statusCode(200)
                .extract().path("status");
    }

    private static String officerToken() {
        return platform.token("dpo-1", "privacy-officer");
    }

    private static String url(String path) {
        return platform.serviceUrl("request-service") + path;
    }
}
