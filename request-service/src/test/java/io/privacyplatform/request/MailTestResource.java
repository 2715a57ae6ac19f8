package io.privacyplatform.request;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/** A real SMTP server (GreenMail) on a free local port; the service's mailer sends to it. */
public class MailTestResource implements QuarkusTestResourceLifecycleManager {

    private static GreenMail greenMail;
    private static int port;

    @Override
    public Map<String, String> start() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        port = greenMail.getSmtp().getPort();
        return Map.of("quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(port),
                "quarkus.mailer.tls", "false",
                "quarkus.mailer.start-tls", "DISABLED");
    }

    @Override
    public void stop() {
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    /** The mail server goes down: nothing listens on its port any more. */
    static void stopServer() {
        EARLIER.addAll(Arrays.asList(greenMail.getReceivedMessages()));
        greenMail.stop();
    }

    /** The mail server comes back on the same port, with the messages it had received before it went down. */
    static void startServer() {
        greenMail = new GreenMail(ServerSetupTest.SMTP.port(port));
        greenMail.start();
    }

    /** Messages of the servers stopped before the current one. */
    private static final List<MimeMessage> EARLIER = new CopyOnWriteArrayList<>();

    /** The messages delivered to that address so far. */
    static MimeMessage[] to(String address) {
        return java.util.stream.Stream.concat(EARLIER.stream(), Arrays.stream(greenMail.getReceivedMessages())).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).toArray(MimeMessage[]::new);
    }

    /** Waits for the one mail of that address and returns the code it carries. */
    static String awaitCode(String address) {
        await().atMost(Duration.ofSeconds(30)).until(() -> to(address).length > 0);
        MimeMessage[] messages = to(address);
        if (messages.length != 1) {
            throw new AssertionError("expected one mail to the address, got " + messages.length);
        }
        Matcher code = Pattern.compile("code ?: (\\d{6,})").matcher(GreenMailUtil.getBody(messages[0]));
        return Optional.of(code).filter(Matcher::find).map(m -> m.group(1))
                .orElseThrow(() -> new AssertionError("no code in the mail"));
    }
}
