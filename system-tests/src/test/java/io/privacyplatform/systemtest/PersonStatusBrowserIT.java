package io.privacyplatform.systemtest;

import io.privacyplatform.launchers.LocalPlatform;
import io.privacyplatform.launchers.MailServer;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The person without an account, in a real browser against the packaged services: someone files an access request
 * by email in English, confirms it with the code mailed to them, and from then on follows it only through the links
 * in the mails the platform sends (received, then data ready): the status page of that one request, in their
 * language, and the download of their data. The officer revokes the links: the old one now says so in a page, as does
 * an altered one. axe-core finds no serious or critical violation on the page nor on the refusal page.
 */
@Order(SharedPlatform.Profile.QUICK_RECOVERY_ORDER)
class PersonStatusBrowserIT {

    private static final Duration MAIL = Duration.ofSeconds(60);
    private static final Duration ASSEMBLY = Duration.ofSeconds(120);
    private static final Pattern STATUS_PAGE = Pattern.compile("https?://[^/]+/status/[A-Za-z0-9_-]+(?:\\.[A-Za-z0-9_-]+){1,2}");
    private static final Pattern CODE = Pattern.compile("code ?: (\\d{6,})");
    private static LocalPlatform platform;
    private static Browser browser;

    @BeforeAll
    static void startPlatformAndBrowser() {
        platform = SharedPlatform.of(SharedPlatform.Profile.QUICK_RECOVERY);
        browser = Browser.start("en-GB");
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPersonWithoutAnAccountFollowsTheirRequestAndGetsTheirDataThroughTheLinksInTheirMails() {
        WebDriver driver = browser.driver();
        String email = "person-" + UUID.randomUUID() + "@example.test";

        String filingId = given().contentType(ContentType.JSON)
                .body(Map.of("email", email, "type", "ACCESS", "language", "en"))
                .post(url("/requests/by-email")).then().statusCode(202).extract().path("id");
        MailServer.Mail codeMail = awaitMail(email, mail -> CODE.matcher(mail.text()).find());
        Matcher code = CODE.matcher(codeMail.text());
        assertTrue(code.find());
        String requestId = given().contentType(ContentType.JSON).body(Map.of("code", code.group(1)))
                .post(url("/requests/by-email/" + filingId + "/verify")).then().statusCode(200)
                .body("status", equalTo("FILED")).extract().path("id");

        // The acknowledgement, in the language chosen at filing, with the due date and the person's link.
        MailServer.Mail received = awaitMail(email, mail -> mail.subject().startsWith("Your request was received"));
        assertTrue(received.text().contains(requestId), "the mail names the request's reference");
        String receivedLink = statusLink(received);
        driver.get(receivedLink);
        browser.until("received-page", MAIL, ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "Access to your data"));
        assertEquals("en", driver.findElement(By.tagName("html")).getAttribute("lang"));
        assertTrue(driver.getPageSource().contains("Received, awaiting review by the data protection officer"));
        assertFalse(driver.getPageSource().contains(email), "the page never shows the address");
        browser.assertNoSeriousAccessibilityViolations("status page");
        browser.screenshot("person-01-received");

        // The officer accepts it; once every service gave its part, a second mail says the data is ready.
        given().auth().oauth2(platform.token("dpo-1", "privacy-officer")).contentType(ContentType.JSON)
                .post(url("/requests/" + requestId + "/approve")).then().statusCode(200);
        MailServer.Mail ready = await().atMost(ASSEMBLY).pollInterval(Duration.ofSeconds(1))
                .until(() -> platform.mails().stream()
                        .filter(mail -> mail.to().contains(email) && mail.subject().startsWith("Your data is ready"))
                        .findFirst(), java.util.Optional::isPresent).orElseThrow();
        driver.get(statusLink(ready));
        By json = By.linkText("Download (JSON, for another service)");
        browser.until("export-ready-page", MAIL, ExpectedConditions.presenceOfElementLocated(json));
        browser.assertNoSeriousAccessibilityViolations("status page with the export");
        browser.screenshot("person-02-export-ready");
        given().get(driver.findElement(json).getAttribute("href")).then().statusCode(200)
                .contentType(containsString("json"));

        // The same page in French, from its language switch.
        driver.findElement(By.linkText("Français")).click();
        browser.until("french-page", MAIL, ExpectedConditions.attributeToBe(By.tagName("html"), "lang", "fr"));

        // The officer revokes the links (a mail sent to a wrong address, say): the first link now says so, in words.
        given().auth().oauth2(platform.token("dpo-1", "privacy-officer"))
                .post(url("/requests/" + requestId + "/person-links/revoke")).then().statusCode(200);
        driver.get(receivedLink);
        browser.until("revoked-page", MAIL, ExpectedConditions.textToBePresentInElementLocated(By.id("en"), "This link was revoked"));
        assertFalse(driver.getPageSource().contains("Exception"), "no stack trace");
        browser.assertNoSeriousAccessibilityViolations("revoked link page");
        browser.screenshot("person-03-revoked");
        given().accept(ContentType.HTML).get(receivedLink).then().statusCode(410);

        // An altered link opens nothing, and says so.
        String altered = receivedLink.substring(0, receivedLink.length() - 2)
                + (receivedLink.endsWith("AA") ? "BB" : "AA");
        driver.get(altered);
        browser.until("altered-page", MAIL, ExpectedConditions.textToBePresentInElementLocated(By.id("en"), "This link does not open any request"));
        given().accept(ContentType.HTML).get(altered).then().statusCode(404);
    }

    private static MailServer.Mail awaitMail(String to, Predicate<MailServer.Mail> match) {
        return await().atMost(MAIL).pollInterval(Duration.ofMillis(500))
                .until(() -> platform.mails().stream().filter(mail -> mail.to().contains(to) && match.test(mail)).findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();
    }

    private static String statusLink(MailServer.Mail mail) {
        // The page's link itself, not the export's downloads that the same mail carries (<link>/export?format=...).
        return mail.links().stream().filter(link -> STATUS_PAGE.matcher(link).matches()).findFirst()
                .orElseThrow(() -> new AssertionError("no status link in the mail " + mail.subject()));
    }

    private static String url(String path) {
        return platform.serviceUrl("request-service") + path;
    }
}
