package io.privacyplatform.request.rest;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.RejectionGround;
import io.privacyplatform.request.RequestStatus;
import io.quarkus.qute.i18n.Message;
import io.quarkus.qute.i18n.MessageBundle;

/**
 * The words of the person's status page ({@code templates/status/page.html}, namespace {@code status:}): French here
 * (the company and its policy are French), English in {@code messages/status_en.properties}. Plain words for a person
 * without an account, with the article of the GDPR where it helps them act.
 */
@MessageBundle(value = "status", locale = "fr")
public interface StatusMessages {

    @Message("Votre demande sur vos données personnelles")
    String title();

    @Message("Langue")
    String languages();

    @Message("Aller au contenu")
    String skip();

    @Message("Votre demande")
    String summary();

    @Message("Type de demande")
    String typeLabel();

    @Message("Où en est-elle")
    String statusLabel();

    @Message("Reçue le")
    String receivedOn();

    @Message("Réponse au plus tard le")
    String dueOn();

    @Message("Délai initial")
    String firstDueOn();

    @Message("""
            {#when type}\
            {#is ACCESS}Accès à vos données (article 15 du RGPD)\
            {#is RECTIFICATION}Rectification de vos données (article 16 du RGPD)\
            {#is ERASURE}Effacement de vos données (article 17 du RGPD)\
            {#is RESTRICTION}Limitation du traitement (article 18 du RGPD)\
            {#is PORTABILITY}Portabilité de vos données (article 20 du RGPD)\
            {#is OBJECTION}Opposition au traitement (article 21 du RGPD)\
            {#is POST_MORTEM_DIRECTIVES}Directives sur vos données après votre décès\
            {#is HEIR}Demande d'un héritier\
            {/when}""")
    String type(RequestType type);

    @Message("""
            {#when status}\
            {#is FILED}Reçue, en attente d'examen par le délégué à la protection des données\
            {#is IN_PROGRESS}Acceptée, en cours de traitement\
            {#is COMPLETED}Traitée\
            {#is PARTIALLY_COMPLETED}Traitée en partie\
            {#is REJECTED}Refusée\
            {#is WITHDRAWN}Retirée à votre demande\
            {/when}""")
    String status(RequestStatus status);

    @Message("Délai prolongé")
    String extension();

    @Message("Nous avons besoin de plus de temps : le délai de réponse est prolongé de {months} mois (article 12, paragraphe 3, du RGPD).")
    String extendedBy(int months);

    @Message("Motif :")
    String reason();

    @Message("Décision")
    String decision();

    @Message("Votre demande est refusée.")
    String rejected();

    @Message("Motif légal")
    String ground();

    @Message("""
            {#when ground}\
            {#is MANIFESTLY_UNFOUNDED}La demande est manifestement infondée.\
            {#is MANIFESTLY_EXCESSIVE}La demande est manifestement excessive, notamment par son caractère répétitif.\
            {#is FREEDOM_OF_EXPRESSION}Les données sont nécessaires à l'exercice du droit à la liberté d'expression et d'information.\
            {#is LEGAL_OBLIGATION}Les données doivent être conservées pour respecter une obligation légale.\
            {#is PUBLIC_INTEREST}Les données sont nécessaires à une mission d'intérêt public, notamment de santé publique.\
            {#is ARCHIVING}Les données sont nécessaires à l'archivage dans l'intérêt public, à la recherche ou à la statistique.\
            {#is LEGAL_CLAIMS}Les données sont nécessaires à la constatation, à l'exercice ou à la défense de droits en justice.\
            {/when}""")
    String groundText(RejectionGround ground);

    @Message("Texte applicable")
    String article();

    @Message("Explication du délégué à la protection des données")
    String officerText();

    @Message("Vos recours")
    String remedies();

    @Message("Si vous n'êtes pas d'accord, vous pouvez introduire une réclamation auprès de la CNIL (Commission nationale de l'informatique et des libertés)")
    String complaint();

    @Message("déposer une plainte auprès de la CNIL")
    String complaintLink();

    @Message("et former un recours devant le juge (articles 77 et 79 du RGPD).")
    String judicialRemedy();

    @Message("Votre demande a été traitée.")
    String completed();

    @Message("Votre demande a été traitée en partie, pour ces raisons :")
    String partiallyCompleted();

    @Message("Vous avez retiré cette demande : nous ne la traitons plus.")
    String withdrawn();

    @Message("Effacement, système par système")
    String receipt();

    @Message("Ce que chacun de nos systèmes a fait de vos données.")
    String receiptCaption();

    @Message("Système")
    String system();

    @Message("Résultat")
    String outcome();

    @Message("Ce qui est conservé, et pourquoi")
    String kept();

    @Message("""
            {#when outcome}\
            {#is 'ERASED'}Effacé\
            {#is 'NOTHING_HELD'}Aucune donnée vous concernant\
            {#is 'PARTIALLY_ERASED'}Effacé en partie\
            {#is 'FAILED'}Pas encore effacé : une erreur est survenue, le délégué s'en occupe\
            {#is 'AWAITING'}En attente de confirmation\
            {#is 'KEPT_UNDER_HOLD'}Conservé : une procédure en justice en cours l'exige (article 17, paragraphe 3, e, du RGPD)\
            {#is 'RESOLVED_BY_HAND'}Traité à la main par le délégué à la protection des données, le système n'ayant pas pu le faire lui-même\
            {/when}""")
    String outcomeText(String outcome);

    /** What the privacy officer established when resolving a system's part by hand (partner-sync's categories). */
    @Message("""
            {#when category}\
            {#is 'erased-in-partner-console'}effacé par nos soins dans la console du partenaire\
            {#is 'partner-confirmed-by-mail'}effacement confirmé par écrit par le partenaire\
            {#is 'partner-confirmed-by-ticket'}effacement confirmé par le support du partenaire\
            {#is 'already-absent-at-partner'}vérifié : le partenaire ne détenait plus ces données\
            {#is 'no-data-found'}vérifié : le partenaire ne détenait aucune donnée vous concernant\
            {#else}{category}\
            {/when}""")
    String resolutionCategory(String category);

    @Message("Messages")
    String notices();

    @Message("""
            {#when kind}\
            {#is 'DUPLICATE'}Cette demande répète une demande du même type encore ouverte : nous répondons aux deux ensemble.\
            {#is 'EXTENDED'}Le délai de réponse a été prolongé (voir plus haut).\
            {#is 'REJECTED'}Votre demande a été refusée (voir la décision et vos recours plus haut).\
            {#is 'PARTIALLY_COMPLETED'}Votre demande a été traitée en partie (voir les raisons plus haut).\
            {#is 'RESTRICTION_LIFTED'}La limitation du traitement de vos données a été levée (article 18, paragraphe 3, du RGPD).\
            {#is 'EXPORT_PENDING'}Votre copie de données est en cours de préparation.\
            {#is 'EXPORT_READY'}Votre copie de données est prête.\
            {#is 'EXPORT_DELETED'}Votre copie de données a été supprimée à la fin de sa période de mise à disposition.\
            {#is 'BODY_DELETED'}Le contenu de votre demande a été supprimé après sa clôture ; sa décision est conservée comme preuve.\
            {#else}Information sur votre demande.\
            {/when}""")
    String notice(String kind);

    @Message("Votre copie de données")
    String export();

    @Message("Votre copie est en cours de préparation : nous attendons encore une partie de vos données. Revenez plus tard sur cette page.")
    String exportPending();

    @Message("Votre copie est prête. Vous pouvez la télécharger jusqu'au {date}, dans le format de votre choix :")
    String exportReady(String date);

    @Message("Télécharger (JSON, pour un autre service)")
    String downloadJson();

    @Message("Télécharger (HTML, lisible dans un navigateur)")
    String downloadHtml();

    @Message("Télécharger (CSV, pour un tableur)")
    String downloadCsv();

    @Message("Votre copie a été supprimée à la fin de sa période de mise à disposition. Pour en obtenir une nouvelle, déposez une nouvelle demande.")
    String exportDeleted();

    @Message("Ce lien est personnel : ne le transmettez à personne. Il fonctionne jusqu'au {date} ; chaque message que nous vous envoyons en contient un nouveau.")
    String linkPersonal(String date);

    @Message("Une question ? Écrivez au délégué à la protection des données :")
    String contact();
}
