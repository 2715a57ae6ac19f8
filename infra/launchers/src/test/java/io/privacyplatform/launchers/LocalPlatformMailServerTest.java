package io.privacyplatform.launchers;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A platform built with a mail server gives a service its SMTP settings and the tests the mails it received. */
class LocalPlatformMailServerTest {

    @Test
    void aPlatformWithAMailServerListsTheMailsSentToIt() throws Exception {
        try (LocalPlatform platform = LocalPlatform.builder(TestDirs.fresh("platform-mail")).mailServer(0, 0).start()) {
            MailServer mailServer = platform.mailServer();
            assertEquals(List.of(), platform.mails());
            Map<String, String> mailer = mailServer.mailerConfig();
            assertEquals("false", mailer.get("quarkus.mailer.mock"));
            assertEquals("127.0.0.1", mailer.get("quarkus.mailer.host"));
            assertEquals(String.valueOf(mailServer.smtpPort()), mailer.get("quarkus.mailer.port"));
            assertEquals(MailServer.FROM, mailer.get("quarkus.mailer.from"));
            assertTrue(mailServer.pageUrl().startsWith("http://127.0.0.1:"), mailServer.pageUrl());

            MailServerTest.send(MailServerTest.plain(Integer.parseInt(mailer.get("quarkus.mailer.port")),
                    "chloe@example.test", "Demande reçue", "Votre lien : http://127.0.0.1:8081/status/t1"));
            List<MailServer.Mail> mails = platform.mails();
            assertEquals(1, mails.size());
            assertEquals("chloe@example.test", mails.get(0).to());
            assertEquals("Demande reçue", mails.get(0).subject());
            assertEquals(List.of("http://127.0.0.1:8081/status/t1"), mails.get(0).links());
        }
    }
}
