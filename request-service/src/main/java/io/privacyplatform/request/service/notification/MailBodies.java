package io.privacyplatform.request.service.notification;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.Language;
import io.privacyplatform.request.Notification;
import io.privacyplatform.request.NotificationKind;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.service.ConfirmedOrders;
import io.privacyplatform.request.service.Deadlines;
import io.privacyplatform.request.service.ErasureTracking;
import io.privacyplatform.request.service.OrderTracking;
import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.request.service.RequestSecrets;
import io.privacyplatform.request.service.Sealed;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a notification's mail at send time, from the request as it stands, with the Qute template of its kind and
 * language ({@code templates/mail/<kind>.<fr|en>.txt}: the first line is the subject, the rest the body). Nothing
 * rendered is kept: the queue holds no body.
 */
@ApplicationScoped
public class MailBodies {

    /** Where the person complains (GDPR Art. 77); the mails of a refusal name it. */
    public static final String CNIL_COMPLAINTS = "https://www.cnil.fr/fr/plaintes";

    private static final Map<RejectionGround, String> GROUNDS_FR = Map.of(
            RejectionGround.MANIFESTLY_UNFOUNDED, "La demande est manifestement infondée.",
            RejectionGround.MANIFESTLY_EXCESSIVE, "La demande est manifestement excessive, notamment par son caractère répétitif.",
            RejectionGround.FREEDOM_OF_EXPRESSION, "Les données sont nécessaires à l'exercice du droit à la liberté d'expression et d'information.",
            RejectionGround.LEGAL_OBLIGATION, "Les données doivent être conservées pour respecter une obligation légale.",
            RejectionGround.PUBLIC_INTEREST, "Les données sont nécessaires à une mission d'intérêt public, y compris de santé publique.",
            RejectionGround.ARCHIVING, "Les données sont nécessaires à l'archivage dans l'intérêt public, à la recherche scientifique ou historique ou à des fins statistiques.",
            RejectionGround.LEGAL_CLAIMS, "Les données sont nécessaires à la constatation, à l'exercice ou à la défense de droits en justice.");

    private static final Map<RequestType, String> TYPES_FR = Map.of(
            RequestType.ACCESS, "accès à vos données",
            RequestType.RECTIFICATION, "rectification de vos données",
            RequestType.ERASURE, "effacement de vos données",
            RequestType.RESTRICTION, "limitation du traitement",
            RequestType.PORTABILITY, "portabilité de vos données",
            RequestType.OBJECTION, "opposition au traitement",
            RequestType.POST_MORTEM_DIRECTIVES, "directives post mortem",
            RequestType.HEIR, "demande d'un héritier");

    private static final Map<RequestType, String> TYPES_EN = Map.of(
            RequestType.ACCESS, "access to your data",
            RequestType.RECTIFICATION, "rectification of your data",
            RequestType.ERASURE, "erasure of your data",
            RequestType.RESTRICTION, "restriction of processing",
            RequestType.PORTABILITY, "portability of your data",
            RequestType.OBJECTION, "objection to processing",
            RequestType.POST_MORTEM_DIRECTIVES, "post-mortem directives",
            RequestType.HEIR, "an heir's request");

    private final Engine engine;
    private final RequestSecrets secrets;
    private final Deadlines deadlines;
    private final ErasureTracking erasures;
    private final OrderTracking orders;

    MailBodies(Engine engine, RequestSecrets secrets, Deadlines deadlines, ErasureTracking erasures, OrderTracking orders) {
        this.engine = engine;
        this.secrets = secrets;
        this.deadlines = deadlines;
        this.erasures = erasures;
        this.orders = orders;
    }

    /** A rendered mail: never logged, never stored. */
    public record Mail(String subject, String text) {
        @Override
        public String toString() {
            return "Mail[rendered]";
        }
    }

    /** The mail of {@code notification} for {@code request}, carrying {@code link} (issued for this mail). */
    public Mail render(Notification notification, DataSubjectRequest request, PersonLinks.Link link) {
        Language language = Language.stored(notification.language);
        Template template = engine.getTemplate("mail/" + notification.kind.name().toLowerCase(Locale.ROOT) + "."
                + language.code() + ".txt");
        if (template == null) {
            throw new IllegalStateException("no mail template for " + notification.kind + " in " + language.code());
        }
        TemplateInstance mail = template.instance();
        data(notification.kind, request, link, language).forEach(mail::data);
        return split(mail.render());
    }

    /** The one-time code of an email filing, in the filing's language (the filing is not a request yet: no link). */
    public Mail verificationCode(Language language, RequestType type, String code, long minutes) {
        Template template = engine.getTemplate("mail/verification_code." + language.code() + ".txt");
        if (template == null) {
            throw new IllegalStateException("no verification code template in " + language.code());
        }
        return split(template.data("type", (language == Language.FR ? TYPES_FR : TYPES_EN).get(type))
                .data("code", code).data("minutes", minutes).render());
    }

    /** The first line of a rendered template is the subject, the rest the text. */
    private static Mail split(String rendered) {
        String mail = rendered.strip();
        int endOfSubject = mail.indexOf('\n');
        return new Mail(mail.substring(0, endOfSubject).strip(), mail.substring(endOfSubject + 1).strip() + "\n");
    }

    private Map<String, Object> data(NotificationKind kind, DataSubjectRequest request, PersonLinks.Link link, Language language) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("requestId", request.id.toString());
        data.put("type", (language == Language.FR ? TYPES_FR : TYPES_EN).get(request.type));
        data.put("filedOn", date(request.filedAt, language));
        data.put("dueOn", date(request.dueOn, language));
        data.put("link", link.url().toString());
        data.put("linkExpiresOn", date(link.expiresAt(), language));
        data.put("cnil", CNIL_COMPLAINTS);
        switch (kind) {
            case EXTENDED -> {
                data.put("months", String.valueOf(request.extendedMonths));
                data.put("reason", secrets.reveal(request, Sealed.EXTENSION_REASON, request.extensionReasonCt));
            }
            case REJECTED -> {
                RejectionGround ground = request.rejectionGround;
                data.put("ground", ground.name());
                data.put("article", ground.article());
                data.put("groundText", language == Language.FR ? GROUNDS_FR.get(ground) : ground.description());
                data.put("text", secrets.reveal(request, Sealed.REJECTION_TEXT, request.rejectionTextCt));
            }
            case COMPLETED -> {
                data.put("partially", request.status() == RequestStatus.PARTIALLY_COMPLETED);
                data.put("lines", summary(request));
                List<String> reasons = request.status() == RequestStatus.PARTIALLY_COMPLETED ? secrets.outcomeReasons(request) : List.of();
                data.put("reasons", reasons == null ? List.of() : reasons);
            }
            case EXPORT_READY -> data.put("exportLink", link.url() + "/export?format=");
            case RESTRICTION_LIFT -> data.put("reason", secrets.reveal(request, Sealed.RESTRICTION_LIFT, request.restrictionLiftCt));
            default -> { }
        }
        return data;
    }

    /**
     * What was done where, from the erasure receipt or the order's progress (the views the API serves): per system its
     * outcome, what it keeps and on which basis, who was left alone under a legal hold, who has not answered.
     */
    List<String> summary(DataSubjectRequest request) {
        List<String> lines = new ArrayList<>();
        if (request.erasureOrderId != null) {
            ErasureTracking.Receipt receipt = erasures.receipt(request);
            for (ErasureTracking.SystemOutcome system : receipt.systems()) {
                lines.add(system.system() + ": " + system.outcome()
                        + (system.categories() == null ? "" : " (" + String.join(", ", system.categories()) + ")"));
                if (system.retained() != null) {
                    system.retained().forEach(kept -> lines.add(system.system() + " keeps " + kept.dataCategory() + ": "
                            + kept.legalBasis()));
                }
            }
            receipt.registeredSystems().stream().filter(s -> ErasureTracking.KEPT_UNDER_HOLD.equals(s.status()))
                    .forEach(s -> lines.add(s.system() + ": " + s.status() + (s.reason() == null ? "" : " (" + s.reason() + ")")));
            receipt.awaiting().forEach(system -> lines.add(system + ": " + ConfirmedOrders.AWAITING));
            return lines;
        }
        orders.progress(request).stream().findFirst().ifPresent(order -> order.systems().stream()
                .filter(s -> !ConfirmedOrders.NOT_CONCERNED.equals(s.status()))
                .forEach(s -> lines.add(s.system() + ": " + s.status())));
        return lines;
    }

    private String date(Instant at, Language language) {
        return date(deadlines.receivedOn(at), language);
    }

    private static String date(java.time.LocalDate day, Language language) {
        return language == Language.FR ? day.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH))
                : day.format(DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH));
    }
}
