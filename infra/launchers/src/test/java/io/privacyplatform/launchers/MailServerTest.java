package io.privacyplatform.launchers;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mail server of the local run and the system tests: what is sent to its SMTP port is listed by {@code mails()},
 * its page and its plain-text view, newest first on the page, with everything a mail carries escaped.
 */
class MailServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static MailServer server;

    @BeforeAll
    static void start() throws Exception {
        server = MailServer.start(0, 0);
        send(plain(server.smtpPort(), "alice@example.test", "Votre demande <b>reçue</b> & \"enregistrée\"",
                "Bonjour,\nSuivez votre demande : http://127.0.0.1:8081/status/abc.DEF-123?lang=fr&x=1.\n"
                        + "<script>alert('x')</script>\n"));
        send(withHtml(server.smtpPort(), "bob@example.test", "Your export is ready",
                "Download: http://127.0.0.1:8081/status/tok/export?format=json",
                "<p>Download <a href=\"http://127.0.0.1:8081/status/tok/export?format=json&amp;v=2\">your export</a></p>"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theMailsSentToItsSmtpPortAreListedOldestFirstWithTheirTextAndLinks() {
        List<MailServer.Mail> mails = server.mails();
        assertEquals(2, mails.size(), mails.toString());

        MailServer.Mail first = mails.get(0);
        assertEquals(1, first.number());
        assertEquals("alice@example.test", first.to());
        assertEquals(MailServer.FROM, first.from());
        assertEquals("Votre demande <b>reçue</b> & \"enregistrée\"", first.subject());
        assertTrue(first.text().contains("Suivez votre demande"), first.text());
        assertNull(first.html());
        assertEquals(List.of("http://127.0.0.1:8081/status/abc.DEF-123?lang=fr&x=1"), first.links(),
                "the sentence's full stop is not part of the link");

        MailServer.Mail second = mails.get(1);
        assertEquals("bob@example.test", second.to());
        assertEquals("Download: http://127.0.0.1:8081/status/tok/export?format=json", second.text());
        assertEquals(List.of("http://127.0.0.1:8081/status/tok/export?format=json",
                "http://127.0.0.1:8081/status/tok/export?format=json&v=2"), second.links());
        assertTrue(!second.receivedAt().isBefore(first.receivedAt()));

        assertEquals(List.of(second), server.mailsTo("BOB@example.test"));
    }

    @Test
    void aMailWithOnlyAnHtmlPartIsReadAsText() {
        assertEquals("Hello\nOpen your page (http://x.test/status/t?a=1&b=2)\nBye & thanks",
                MailServer.textOf("<html><style>p{}</style><body><p>Hello</p><p>Open <a href=\"http://x.test/status/t?a=1&amp;b=2\">your page</a>"
                        + "</p>Bye &amp; thanks</body></html>"));
    }

    @Test
    void thePageListsTheMailsNewestFirstAndEscapesWhatTheyCarry() throws Exception {
        HttpResponse<String> list = get("/");
        assertEquals(200, list.statusCode());
        assertTrue(list.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(list.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'none'"));
        String page = list.body();
        assertTrue(page.indexOf("Your export is ready") < page.indexOf("Votre demande"), "newest first");
        assertTrue(page.contains("<a href=\"/mails/1\">Votre demande &lt;b&gt;reçue&lt;/b&gt; &amp; &quot;enregistrée&quot;</a>"), page);
        assertTrue(page.contains("alice@example.test"));
        assertFalse(page.contains("<b>"), page);

        String mail = get("/mails/1").body();
        assertTrue(mail.contains("<a href=\"http://127.0.0.1:8081/status/abc.DEF-123?lang=fr&amp;x=1\">"
                + "http://127.0.0.1:8081/status/abc.DEF-123?lang=fr&amp;x=1</a>."), mail);
        assertTrue(mail.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"), mail);
        assertFalse(mail.contains("<script>"), mail);

        assertEquals(404, get("/mails/3").statusCode());
        assertEquals(404, get("/mails/0").statusCode());
        assertEquals(404, get("/elsewhere").statusCode());
    }

    @Test
    void thePlainTextViewGivesTheLatestMailsNewestFirst() throws Exception {
        String latest = get("/latest.txt").body();
        assertTrue(latest.startsWith("#2  "), latest);
        assertTrue(latest.contains("Subject: Your export is ready"));
        assertTrue(latest.indexOf("#2  ") < latest.indexOf("#1  "));
        assertTrue(latest.contains("Suivez votre demande : http://127.0.0.1:8081/status/abc.DEF-123"));

        String onlyLast = get("/latest.txt?count=1").body();
        assertTrue(onlyLast.contains("#2  ") && !onlyLast.contains("#1  "), onlyLast);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.pageUrl()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static MimeMessage message(int smtpPort, String to, String subject) throws Exception {
        Properties properties = new Properties();
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(smtpPort));
        MimeMessage message = new MimeMessage(Session.getInstance(properties));
        message.setFrom(new InternetAddress(MailServer.FROM));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setSubject(subject, "UTF-8");
        return message;
    }

    /** A plain-text mail to send through the SMTP server on {@code smtpPort}. */
    static MimeMessage plain(int smtpPort, String to, String subject, String text) throws Exception {
        MimeMessage message = message(smtpPort, to, subject);
        message.setText(text, "UTF-8");
        return message;
    }

    private static MimeMessage withHtml(int smtpPort, String to, String subject, String text, String html) throws Exception {
        MimeMessage message = message(smtpPort, to, subject);
        MimeBodyPart textPart = new MimeBodyPart();
        textPart.setText(text, "UTF-8");
        MimeBodyPart htmlPart = new MimeBodyPart();
        htmlPart.setContent(html, "text/html; charset=UTF-8");
        message.setContent(new MimeMultipart("alternative", textPart, htmlPart));
        return message;
    }

    static void send(MimeMessage message) throws Exception {
        message.saveChanges();
        Transport.send(message);
    }
}
