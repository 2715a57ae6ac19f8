package io.privacyplatform.launchers;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.store.StoredMessage;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A real SMTP server (GreenMail, in this JVM, accepting every recipient) and a page to read what it received, for the
 * local run and the system tests: request-service sends its mails here instead of to a relay. Mails live in memory,
 * for the life of the server. Both bind 127.0.0.1 only.
 * <ul>
 *   <li>{@code GET /}: the received mails, newest first (date, to, subject);</li>
 *   <li>{@code GET /mails/<number>}: one mail's text, its links clickable;</li>
 *   <li>{@code GET /latest.txt?count=N}: the last N mails as plain text, newest first ({@code deploy/local/mails}).</li>
 * </ul>
 * Everything a mail carries is escaped on the pages, and they allow no script (Content-Security-Policy).
 */
public final class MailServer implements AutoCloseable {

    /** The sender request-service is given ({@code quarkus.mailer.from}). */
    public static final String FROM = "dpo@privacy-platform.test";

    private static final Pattern LINK = Pattern.compile("https?://[^\\s<>\"']+");
    private static final Pattern HREF = Pattern.compile("href\\s*=\\s*\"(https?://[^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final String NO_SCRIPT = "default-src 'none'; style-src 'unsafe-inline'";

    /**
     * A received mail: {@code number} (1 for the first received), when it arrived, the {@code From} and {@code To}
     * headers, the subject, the plain text (from the HTML part, tags removed, when there is no text part) and the
     * HTML part (null when none).
     */
    public record Mail(int number, Instant receivedAt, String from, String to, String subject, String text, String html) {

        /** The http(s) links of the mail, in order of appearance, each once (a person's status link, an export link). */
        public List<String> links() {
            LinkedHashSet<String> links = new LinkedHashSet<>();
            Matcher inText = LINK.matcher(text);
            while (inText.find()) {
                links.add(trimTrailingPunctuation(inText.group()));
            }
            if (html != null) {
                Matcher inHtml = HREF.matcher(html);
                while (inHtml.find()) {
                    links.add(unescapeHtml(inHtml.group(1)));
                }
            }
            return List.copyOf(links);
        }
    }

    private final GreenMail greenMail;
    private final HttpServer page;
    private final ExecutorService pageThreads;
    private final int smtpPort;

    private MailServer(GreenMail greenMail, HttpServer page, ExecutorService pageThreads, int smtpPort) {
        this.greenMail = greenMail;
        this.page = page;
        this.pageThreads = pageThreads;
        this.smtpPort = smtpPort;
    }

    /** SMTP on {@code smtpPort} and the page on {@code pagePort}, both on 127.0.0.1 (0 = a free port). */
    public static MailServer start(int smtpPort, int pagePort) {
        int smtp = smtpPort == 0 ? FreePorts.pick() : smtpPort;
        GreenMail greenMail = new GreenMail(new ServerSetup(smtp, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        // Whatever user name a client sends is accepted: request-service may or may not authenticate.
        greenMail.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        greenMail.start();
        HttpServer page;
        try {
            page = HttpServer.create(new InetSocketAddress(FreePorts.loopback(), pagePort), 16);
        } catch (IOException e) {
            greenMail.stop();
            throw new UncheckedIOException("mail page: cannot listen on 127.0.0.1:" + pagePort, e);
        }
        ExecutorService pageThreads = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "mail-page");
            thread.setDaemon(true);
            return thread;
        });
        MailServer server = new MailServer(greenMail, page, pageThreads, smtp);
        page.createContext("/", server::handle);
        page.setExecutor(pageThreads);
        page.start();
        return server;
    }

    /** The SMTP port (host 127.0.0.1, no TLS, no authentication needed). */
    public int smtpPort() {
        return smtpPort;
    }

    /** The page listing the received mails, e.g. {@code http://127.0.0.1:8025/}. */
    public String pageUrl() {
        return "http://127.0.0.1:" + page.getAddress().getPort() + "/";
    }

    /** What a Quarkus service needs to send its mails here ({@code quarkus.mailer.*}). */
    public Map<String, String> mailerConfig() {
        return Map.of(
                "quarkus.mailer.mock", "false",
                "quarkus.mailer.host", "127.0.0.1",
                "quarkus.mailer.port", String.valueOf(smtpPort),
                "quarkus.mailer.from", FROM,
                "quarkus.mailer.start-tls", "DISABLED");
    }

    /** Every mail received so far, oldest first (one per recipient when a mail had several). */
    public List<Mail> mails() {
        List<StoredMessage> stored = new ArrayList<>(greenMail.getManagers().getImapHostManager().getAllMessages());
        stored.sort(Comparator.comparing(StoredMessage::getReceivedDate).thenComparing(StoredMessage::getUid));
        List<Mail> mails = new ArrayList<>(stored.size());
        for (StoredMessage message : stored) {
            mails.add(read(mails.size() + 1, message));
        }
        return mails;
    }

    /** The mails sent to {@code address} (case-insensitive), oldest first. */
    public List<Mail> mailsTo(String address) {
        return mails().stream().filter(mail -> mail.to().toLowerCase().contains(address.toLowerCase())).toList();
    }

    @Override
    public void close() {
        page.stop(0);
        pageThreads.shutdownNow();
        greenMail.stop();
    }

    private static Mail read(int number, StoredMessage stored) {
        MimeMessage message = stored.getMimeMessage();
        try {
            Bodies bodies = new Bodies();
            bodies.collect(message);
            String text = bodies.text != null ? bodies.text : bodies.html != null ? textOf(bodies.html) : "";
            return new Mail(number, stored.getReceivedDate().toInstant(), addresses(message.getFrom()),
                    addresses(message.getRecipients(Message.RecipientType.TO)), Objects.requireNonNullElse(message.getSubject(), ""),
                    text, bodies.html);
        } catch (MessagingException | IOException e) {
            return new Mail(number, stored.getReceivedDate().toInstant(), "", "", "(unreadable mail: " + e.getMessage() + ")", "", null);
        }
    }

    /** The first text/plain and text/html parts of a mail (whatever the nesting of multiparts). */
    private static final class Bodies {
        String text;
        String html;

        void collect(Part part) throws MessagingException, IOException {
            if (part.isMimeType("text/plain") && text == null && !Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                text = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            } else if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    collect(multipart.getBodyPart(i));
                }
            }
        }
    }

    private static String addresses(Address[] addresses) {
        return addresses == null ? "" : Arrays.stream(addresses).map(Address::toString).collect(Collectors.joining(", "));
    }

    /** Readable text of an HTML mail: line breaks where blocks end, tags dropped, a link's address after its words. */
    static String textOf(String html) {
        String text = html.replaceAll("(?is)<(script|style)[^>]*>.*?</\\1>", "")
                .replaceAll("(?is)<a\\s[^>]*href\\s*=\\s*\"([^\"]*)\"[^>]*>(.*?)</a>", "$2 ($1)")
                .replaceAll("(?i)<br\\s*/?>", "\n")
                .replaceAll("(?i)</(p|div|h[1-6]|li|tr|table)>", "\n")
                .replaceAll("<[^>]*>", "");
        return unescapeHtml(text).replaceAll("[ \\t]+\n", "\n").replaceAll("\n{3,}", "\n\n").strip();
    }

    private static String unescapeHtml(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&nbsp;", " ").replace("&amp;", "&");
    }

    private static String trimTrailingPunctuation(String link) {
        return link.replaceAll("[.,;:!?)\\]]+$", "");
    }

    // ---- the page --------------------------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "text/plain", "GET only");
                return;
            }
            String path = exchange.getRequestURI().getPath();
            List<Mail> mails = mails();
            if (path.equals("/")) {
                send(exchange, 200, "text/html", listPage(mails));
            } else if (path.equals("/latest.txt")) {
                send(exchange, 200, "text/plain", latestText(mails, count(exchange.getRequestURI().getRawQuery())));
            } else if (path.matches("/mails/\\d{1,9}")) {
                int number = Integer.parseInt(path.substring("/mails/".length()));
                if (number >= 1 && number <= mails.size()) {
                    send(exchange, 200, "text/html", mailPage(mails.get(number - 1)));
                } else {
                    send(exchange, 404, "text/html", page("No such mail", "<p>No mail number " + number
                            + " (mails are kept in memory until the run stops). <a href=\"/\">All mails</a></p>"));
                }
            } else {
                send(exchange, 404, "text/html", page("Not found", "<p><a href=\"/\">All mails</a></p>"));
            }
        }
    }

    private static int count(String query) {
        if (query != null) {
            for (String parameter : query.split("&")) {
                if (parameter.matches("count=\\d{1,4}")) {
                    return Math.max(1, Integer.parseInt(parameter.substring("count=".length())));
                }
            }
        }
        return 5;
    }

    static String listPage(List<Mail> mails) {
        StringBuilder body = new StringBuilder();
        body.append("<p>").append(mails.size()).append(mails.size() == 1 ? " mail" : " mails")
                .append(" received by the local SMTP server, newest first. <a href=\"/\">Refresh</a></p>\n");
        if (!mails.isEmpty()) {
            body.append("<table>\n<thead><tr><th scope=\"col\">#</th><th scope=\"col\">received</th><th scope=\"col\">to</th>"
                    + "<th scope=\"col\">subject</th></tr></thead>\n<tbody>\n");
            for (int i = mails.size() - 1; i >= 0; i--) {
                Mail mail = mails.get(i);
                body.append("<tr><td>").append(mail.number()).append("</td><td>").append(SHOWN.format(mail.receivedAt()))
                        .append("</td><td>").append(escape(mail.to())).append("</td><td><a href=\"/mails/").append(mail.number())
                        .append("\">").append(escape(mail.subject().isBlank() ? "(no subject)" : mail.subject()))
                        .append("</a></td></tr>\n");
            }
            body.append("</tbody>\n</table>\n");
        }
        return page("Mails of the local run", body.toString());
    }

    static String mailPage(Mail mail) {
        String body = "<p><a href=\"/\">All mails</a></p>\n<dl>\n"
                + "<dt>received</dt><dd>" + SHOWN.format(mail.receivedAt()) + "</dd>\n"
                + "<dt>from</dt><dd>" + escape(mail.from()) + "</dd>\n"
                + "<dt>to</dt><dd>" + escape(mail.to()) + "</dd>\n"
                + "<dt>subject</dt><dd>" + escape(mail.subject()) + "</dd>\n</dl>\n"
                + "<pre>" + linkified(mail.text()) + "</pre>\n"
                + (mail.html() == null ? "" : "<p>This mail also has an HTML part; above is its text.</p>\n");
        return page(mail.subject().isBlank() ? "(no subject)" : mail.subject(), body);
    }

    /** The text, escaped, with each http(s) link made an anchor (the address escaped too). */
    static String linkified(String text) {
        StringBuilder out = new StringBuilder();
        Matcher link = LINK.matcher(text);
        int last = 0;
        while (link.find()) {
            String url = trimTrailingPunctuation(link.group());
            out.append(escape(text.substring(last, link.start())))
                    .append("<a href=\"").append(escape(url)).append("\">").append(escape(url)).append("</a>");
            last = link.start() + url.length();
        }
        return out.append(escape(text.substring(last))).toString();
    }

    static String latestText(List<Mail> mails, int count) {
        if (mails.isEmpty()) {
            return "No mail received yet.\n";
        }
        StringBuilder out = new StringBuilder();
        for (int i = mails.size() - 1; i >= Math.max(0, mails.size() - count); i--) {
            Mail mail = mails.get(i);
            out.append("#").append(mail.number()).append("  ").append(SHOWN.format(mail.receivedAt())).append("  to ")
                    .append(mail.to()).append('\n')
                    .append("Subject: ").append(mail.subject()).append("\n\n")
                    .append(mail.text().strip()).append("\n")
                    .append("-".repeat(78)).append('\n');
        }
        return out.toString();
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + escape(title) + "</title>\n"
                + "<style>body{font-family:sans-serif;margin:2rem;max-width:60rem}table{border-collapse:collapse}"
                + "td,th{border-bottom:1px solid #ccc;padding:.3rem .6rem;text-align:left}"
                + "pre{white-space:pre-wrap;background:#f6f6f6;padding:1rem}dt{font-weight:bold}</style>\n"
                + "</head>\n<body>\n<main>\n<h1>" + escape(title) + "</h1>\n" + body + "</main>\n</body>\n</html>\n";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy", NO_SCRIPT);
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
