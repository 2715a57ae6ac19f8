package io.privacyplatform.request.rest;

import io.privacyplatform.policy.Register;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.Language;
import io.privacyplatform.request.config.RequestsConfig;
import io.privacyplatform.request.service.ConfirmedOrders;
import io.privacyplatform.request.service.Deadlines;
import io.privacyplatform.request.service.ErasureTracking;
import io.privacyplatform.request.service.PersonLinks;
import io.privacyplatform.request.service.export.ExportJobs;
import io.privacyplatform.request.service.export.ExportLinks;
import io.privacyplatform.support.journal.Access;
import io.privacyplatform.support.journal.AccessJournal;
import io.privacyplatform.support.journal.DataCategory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

/**
 * What a person's link opens (issue 14, item 2): the status page of its one request, and its export. Each opening is
 * audited by {@link PersonLinks}; a refused link throws its {@link PersonLinks.LinkRefused}.
 */
@ApplicationScoped
public class StatusPages {


    private static final Map<Long, String> FRENCH_DAYS = LongStream.rangeClosed(1, 31).boxed()
            .collect(Collectors.toMap(day -> day, day -> day == 1 ? "1er" : String.valueOf(day)));

    private final PersonLinks links;
    private final RequestViews views;
    private final ErasureTracking erasures;
    private final ExportJobs exportJobs;
    private final ExportLinks exportLinks;
    private final Deadlines deadlines;
    private final ZoneId zone;
    private final String contact;
    private final AccessJournal journal;

    StatusPages(PersonLinks links, RequestViews views, ErasureTracking erasures, ExportJobs exportJobs, ExportLinks exportLinks,
                Deadlines deadlines, RequestsConfig config, Register register, AccessJournal journal) {
        this.links = links;
        this.views = views;
        this.erasures = erasures;
        this.exportJobs = exportJobs;
        this.exportLinks = exportLinks;
        this.deadlines = deadlines;
        this.zone = config.zone();
        this.contact = register.dataProtectionContact().email();
        this.journal = journal;
    }

    /** The status page of the link's request, in {@code lang} if it is one of ours, else in the request's language. */
    @Transactional
    public StatusPage open(String token, String lang) {
        PersonLinks.Opened opened = links.openLink(token, "status page");
        StatusPage shown = page(token, opened, language(opened.request(), lang));
        journaled(DataCategory.REQUEST_STATUS, opened);
        return shown;
    }

    /** The export of the link's request (READY and still kept, or a problem); the use and the download are audited. */
    @Transactional
    public ExportLinks.Download download(String token, String format) {
        PersonLinks.Opened opened = links.openLink(token, "export " + format);
        ExportLinks.Download download = exportLinks.downloadForPerson(opened.request(), format, opened.actor());
        journaled(DataCategory.EXPORT_DOCUMENT, opened);
        return download;
    }

    /** The person read through their link: the link (its id) is the actor. */
    private void journaled(DataCategory category, PersonLinks.Opened opened) {
        journal.record(Access.read(category).subject(opened.request().subjectId).request(opened.request().id)
                .throughPersonLink(opened.actor().substring(opened.actor().indexOf(':') + 1)));
    }

    static String language(DataSubjectRequest request, String asked) {
        return Language.ofCode(asked).orElse(Language.stored(request.language)).code();
    }

    private StatusPage page(String token, PersonLinks.Opened opened, String lang) {
        DataSubjectRequest r = opened.request();
        Locale locale = Locale.forLanguageTag(lang);
        // French writes the first of the month "1er".
        DateTimeFormatter dates = "fr".equals(lang)
                ? new DateTimeFormatterBuilder().appendText(ChronoField.DAY_OF_MONTH, FRENCH_DAYS).appendPattern(" MMMM uuuu").toFormatter(locale)
                : DateTimeFormatter.ofPattern("d MMMM uuuu", locale);
        RequestView view = views.of(r, false);
        StatusPage.Extended extension = view.extension() == null ? null
                : new StatusPage.Extended(view.extension().months(), view.extension().reason());
        StatusPage.Rejection rejection = view.rejection() == null ? null : new StatusPage.Rejection(view.rejection().ground(),
                "fr".equals(lang) ? view.rejection().article().replace("GDPR Art.", "RGPD, art.") : view.rejection().article(),
                view.rejection().text());
        List<StatusPage.Notice> notices = view.notices().stream().map(n -> new StatusPage.Notice(n.kind(), day(n.at(), dates),
                "RESTRICTION_LIFTED".equals(n.kind()) && view.restriction() != null ? view.restriction().liftReason() : null))
                .toList();
        return new StatusPage(token, lang, "fr".equals(lang) ? "en" : "fr", r.type, r.status(), day(r.filedAt, dates),
                dates.format(r.dueOn), r.firstDueOn.equals(r.dueOn) ? null : dates.format(r.firstDueOn), extension, rejection,
                view.outcomeReasons(), receipt(r), export(r, dates), notices, day(opened.expiresAt(), dates), contact);
    }

    /** Each system's part in the erasure, in plain codes the page words: the systems the order did not concern are left out. */
    private List<StatusPage.ReceiptLine> receipt(DataSubjectRequest r) {
        if (r.erasureOrderId == null) {
            return null;
        }
        ErasureTracking.Receipt receipt = erasures.receipt(r);
        Map<String, List<String>> kept = receipt.systems().stream().collect(Collectors.toMap(ErasureTracking.SystemOutcome::system,
                s -> s.retained() == null ? List.of() : s.retained().stream().map(e -> e.dataCategory() + ": " + e.legalBasis()).toList()));
        Map<String, List<String>> byHand = receipt.systems().stream().filter(s -> s.categories() != null)
                .collect(Collectors.toMap(ErasureTracking.SystemOutcome::system, ErasureTracking.SystemOutcome::categories));
        return receipt.registeredSystems().stream()
                .filter(s -> !ConfirmedOrders.NOT_CONCERNED.equals(s.status()))
                .map(s -> new StatusPage.ReceiptLine(s.system(), switch (s.status()) {
                    case ConfirmedOrders.AWAITING -> "AWAITING";
                    case ErasureTracking.KEPT_UNDER_HOLD -> "KEPT_UNDER_HOLD";
                    default -> s.status();
                }, kept.getOrDefault(s.system(), List.of()), byHand.getOrDefault(s.system(), List.of())))
                .toList();
    }

    private StatusPage.Export export(DataSubjectRequest r, DateTimeFormatter dates) {
        return exportJobs.job(r.id).map(job -> switch (job.status) {
            case PENDING -> new StatusPage.Export("PENDING", null);
            case READY -> deadlines.now().isBefore(exportLinks.availableUntil(job))
                    ? new StatusPage.Export("READY", day(exportLinks.availableUntil(job), dates))
                    : new StatusPage.Export("DELETED", null);
            case EXPIRED -> new StatusPage.Export("DELETED", null);
            case CANCELLED -> null;
        }).orElse(null);
    }

    private String day(Instant at, DateTimeFormatter dates) {
        return at == null ? "" : dates.format(LocalDate.ofInstant(at, zone));
    }
}
