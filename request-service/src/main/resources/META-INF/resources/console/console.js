/*
 * The privacy officer's console: vanilla JavaScript, no framework, nothing loaded from elsewhere.
 * Sign-in: OpenID Connect Authorization Code with PKCE (S256) against the issuer of /console/config. The access token
 * lives in this script's memory only (a reload signs in again); sessionStorage holds the PKCE verifier, state and
 * nonce only between the redirect to the issuer and the code exchange. Every screen calls the existing APIs of
 * request-service (same origin) and partner-sync-service (CORS for this origin).
 */
(function () {
  'use strict';

  var SIGN_IN_KEY = 'privacy-console.sign-in';
  var OPEN = ['FILED', 'IN_PROGRESS'];
  var STATUSES = ['FILED', 'IN_PROGRESS', 'COMPLETED', 'PARTIALLY_COMPLETED', 'REJECTED', 'WITHDRAWN'];
  var TYPES = ['ACCESS', 'RECTIFICATION', 'ERASURE', 'RESTRICTION', 'PORTABILITY', 'OBJECTION', 'POST_MORTEM_DIRECTIVES', 'HEIR'];
  var GROUNDS = ['MANIFESTLY_UNFOUNDED', 'MANIFESTLY_EXCESSIVE', 'FREEDOM_OF_EXPRESSION', 'LEGAL_OBLIGATION', 'PUBLIC_INTEREST', 'ARCHIVING', 'LEGAL_CLAIMS'];
  var ERASURE_GROUNDS_ONLY = ['FREEDOM_OF_EXPRESSION', 'LEGAL_OBLIGATION', 'PUBLIC_INTEREST', 'ARCHIVING', 'LEGAL_CLAIMS'];
  var IDENTITY_METHODS = ['EMAIL_ON_FILE', 'PLATFORM_ACCOUNT', 'ID_DOCUMENT', 'POSTAL_ADDRESS_ON_FILE', 'PROOF_OF_DEATH_AND_HEIRSHIP', 'OTHER'];
  var RESTRICTION_GROUNDS = ['ACCURACY_CONTESTED', 'UNLAWFUL_PROCESSING', 'NEEDED_FOR_LEGAL_CLAIM', 'OBJECTION_PENDING'];
  var HEIR_ASKS = ['SUCCESSION_INFORMATION', 'FAMILY_MEMORIES', 'CLOSE_ACCOUNT', 'OBJECT_TO_PROCESSING', 'UPDATE_DATA'];
  var PROOF_KINDS = ['DEATH_CERTIFICATE', 'ACT_OF_NOTORIETY', 'CERTIFICATE_OF_INHERITANCE', 'OTHER'];
  // partner-sync's erasure tasks, resolved by hand by a privacy officer only, with a category of evidence (issue 15)
  var ERASURE_TASKS = ['ERASE', 'REDACT', 'LOOKUP'];
  var RESOLUTION_CATEGORIES = ['erased-in-partner-console', 'partner-confirmed-by-mail', 'partner-confirmed-by-ticket',
    'already-absent-at-partner', 'no-data-found'];
  var DUE_SOON_DAYS = 7;
  var POLL_MS = 2000;

  // Every text of the page, one dictionary per language (French first).
  var TEXTS = {
    fr: {
      'app.title': 'Console du délégué à la protection des données',
      'app.skip': 'Aller au contenu',
      'app.loading': 'Chargement…',
      'app.footer': 'Aucun cookie : le jeton de connexion reste en mémoire dans cet onglet.',
      'lang.other': 'English', 'lang.other.code': 'en',
      'nav.label': 'Console', 'nav.queue': 'File des demandes', 'nav.attention': 'À surveiller',
      'nav.file': 'Déposer pour une personne', 'nav.tasks': 'Tâches partenaires en échec',
      'auth.signIn': 'Se connecter', 'auth.signOut': 'Se déconnecter',
      'auth.intro': 'Connectez-vous avec votre compte de délégué à la protection des données ou d\'opérateur.',
      'auth.signedOut': 'Vous êtes déconnecté. Le jeton a été effacé de la mémoire de cet onglet.',
      'auth.who': 'Connecté : {name} ({roles})',
      'auth.failed': 'La connexion a échoué : {reason}',
      'auth.stateMismatch': 'la réponse de l\'émetteur ne correspond pas à cette connexion (state) ; recommencez.',
      'auth.nonceMismatch': 'le jeton d\'identité ne correspond pas à cette connexion (nonce) ; recommencez.',
      'auth.unavailable': 'L\'émetteur de jetons est injoignable : {reason}',
      'auth.notForYou.title': 'Console réservée au délégué à la protection des données et aux opérateurs',
      'auth.notForYou.text': 'Votre compte n\'a pas le rôle privacy-officer ni operator. Pour suivre vos propres demandes, utilisez le lien reçu par courriel ou l\'espace de votre compte.',
      'error.network': 'Le service ne répond pas ({url}).',
      'error.expired': 'Votre session a expiré : reconnectez-vous.',
      'error.401': 'Non authentifié : reconnectez-vous.',
      'error.403': 'Votre rôle ne permet pas cette action.',
      'error.404': 'Introuvable.',
      'error.409': 'Impossible dans l\'état actuel de la demande.',
      'error.410': 'N\'existe plus.',
      'error.422': 'Refusé par les règles de la demande.',
      'error.429': 'Trop de tentatives : réessayez plus tard.',
      'error.400': 'Saisie invalide.',
      'error.other': 'Erreur du service (HTTP {status}).',
      'error.field': '{field} : {message}',
      'queue.title': 'File des demandes',
      'queue.caption': '{count} demande(s), les plus urgentes d\'abord',
      'queue.filters': 'Filtres', 'queue.status': 'Statut', 'queue.type': 'Type', 'queue.apply': 'Filtrer',
      'queue.openOnly': 'Ouvertes (à traiter)', 'queue.any': 'Tous',
      'queue.empty': 'Aucune demande ne correspond.',
      'col.due': 'Échéance', 'col.request': 'Demande', 'col.status': 'Statut', 'col.filed': 'Déposée le',
      'col.subject': 'Personne (identifiant)', 'col.channel': 'Canal', 'col.attention': 'À surveiller',
      'col.system': 'Système', 'col.outcome': 'Résultat', 'col.when': 'Quand', 'col.evidence': 'Preuve',
      'col.retained': 'Conservé', 'col.kind': 'Nature', 'col.actor': 'Par', 'col.note': 'Note', 'col.change': 'Changement',
      'col.reason': 'Motif', 'col.partner': 'Partenaire', 'col.object': 'Objet', 'col.attempts': 'Tentatives',
      'col.lastError': 'Dernière erreur', 'col.actions': 'Actions', 'col.waitingFor': 'En attente de', 'col.created': 'Créée le',
      'badge.overdue': 'en retard', 'badge.dueSoon': 'échéance proche', 'badge.attention': 'à surveiller',
      'request.title': 'Demande {type}',
      'request.facts': 'Résumé', 'request.id': 'Référence', 'request.type': 'Type', 'request.status': 'Statut',
      'request.channel': 'Canal', 'request.subject': 'Personne (identifiant)', 'request.filedBy': 'Déposée par',
      'request.filedAt': 'Déposée le', 'request.dueOn': 'Échéance', 'request.firstDueOn': 'Échéance initiale',
      'request.closedAt': 'Clôturée le', 'request.duplicateOf': 'Doublon de',
      'request.asked': 'Ce qui est demandé', 'request.nothingMore': 'Rien de plus que le type de demande.',
      'request.identity': 'Vérification d\'identité', 'request.identityNone': 'Déposée par la personne depuis son compte ou par courriel vérifié.',
      'request.method': 'Méthode', 'request.note': 'Note',
      'request.extension': 'Prolongation : {months} mois, motif : {reason}',
      'request.rejection': 'Refus : {ground} ({article}). {text}',
      'request.outcomeReasons': 'Motifs de la clôture',
      'request.attention': 'À surveiller depuis le {since} : {reason}',
      'request.restriction': 'Limitation', 'request.restrictionInForce': 'en vigueur', 'request.restrictionLiftAnnounced': 'en vigueur ; levée annoncée le {at}, effective dès que la personne est informée (RGPD art. 18(3))', 'request.restrictionLifted': 'levée le {at} : {reason}',
      'request.decisions': 'Décisions', 'request.noDecision': 'Aucune décision possible : la demande est close.',
      'request.orders': 'Ordres aux systèmes', 'request.awaiting': 'En attente : {systems}',
      'request.receipt': 'Reçu par système', 'request.noReceipt': 'Pas de reçu d\'effacement pour cette demande.',
      'request.export': 'Export', 'request.exportStatus': 'État : {status}',
      'request.notices': 'Avis à la personne', 'request.noNotices': 'Aucun avis.',
      'request.mails': 'Courriels à la personne', 'request.noMails': 'Aucun courriel.', 'col.language': 'Langue', 'col.sent': 'Envoyé le',
      'request.history': 'Historique', 'request.back': 'Retour à la file',
      'request.updated': 'La demande a changé : {status}.',
      'action.approve': 'Approuver', 'action.approve.help': 'Exécute la demande (ordres aux systèmes, export…).',
      'action.approve.first': 'Quatre yeux : cette décision ne peut être défaite ; votre approbation est la première, un second délégué (ni celui qui l\'a déposée, ni le premier approbateur) l\'exécutera.',
      'action.approve.second': 'Quatre yeux : première approbation par {by} le {at}. Votre approbation, seconde, exécute la demande.',
      'request.fourEyes': 'Quatre yeux', 'request.fourEyes.awaiting': 'En attente d\'un second délégué ; première approbation par {by} le {at}',
      'request.fourEyes.done': 'Approuvée par deux délégués ; première approbation par {by} le {at}',
      'request.fourEyes.required': 'Deux approbations nécessaires (ni celui qui l\'a déposée, ni le premier approbateur pour la seconde)',
      'attention.secondOfficer': 'En attente d\'un second délégué (quatre yeux)',
      'receipt.byHand': 'résolu à la main : {categories}',
      'action.reject': 'Refuser', 'action.reject.ground': 'Motif légal', 'action.reject.text': 'Explication (lue par la personne)',
      'action.extend': 'Prolonger', 'action.extend.months': 'Mois supplémentaires', 'action.extend.reason': 'Raison (lue par la personne)',
      'action.complete': 'Clôturer', 'action.complete.outcome': 'Résultat', 'action.complete.reasons': 'Motifs (un par ligne)',
      'action.lift': 'Lever la limitation', 'action.lift.reason': 'Raison (lue par la personne)',
      'action.done.approve': 'Demande approuvée.', 'action.done.reject': 'Demande refusée.', 'action.done.extend': 'Délai prolongé.',
      'action.done.complete': 'Demande clôturée.', 'action.done.lift': 'Levée annoncée : elle prend effet dès que la personne est informée.',
      'attention.title': 'À surveiller', 'attention.silent': 'Demandes avec un système silencieux',
      'attention.refused': 'Confirmations refusées ({count})', 'attention.exports': 'Exports en préparation',
      'attention.overdue': 'Demandes en retard', 'attention.none': 'Rien à signaler.',
      'attention.mails': 'Courriels à la personne non remis (toujours réessayés) ou sans adresse', 'col.mail': 'Courriel',
      'file.title': 'Déposer une demande pour une personne',
      'file.intro': 'Pour une personne dont vous avez vérifié l\'identité (courrier, téléphone, héritier). L\'identifiant est pseudonyme.',
      'file.subjectId': 'Identifiant de la personne (pour un héritier : la personne décédée)',
      'file.identity': 'Vérification d\'identité', 'file.method': 'Méthode', 'file.note': 'Note sur la vérification',
      'file.request': 'Demande', 'file.type': 'Type de demande', 'file.details': 'Précisions (facultatif)',
      'file.restrictionGround': 'Motif de la limitation (art. 18(1))',
      'file.objectionScope': 'Portée de l\'opposition', 'file.objectionPurposes': 'Finalités visées (codes, séparés par des virgules)',
      'file.correctionField': 'Donnée à rectifier', 'file.correctionValue': 'Nouvelle valeur',
      'file.heir': 'Héritier', 'file.dateOfDeath': 'Date du décès', 'file.proofOfDeath': 'Preuve du décès',
      'file.proofKind': 'Nature', 'file.proofReference': 'Référence', 'file.heirName': 'Nom de l\'héritier',
      'file.heirRelationship': 'Lien avec la personne décédée', 'file.heirEmail': 'Courriel de l\'héritier',
      'file.proofOfHeirship': 'Preuve de la qualité d\'héritier', 'file.ask': 'Ce que demande l\'héritier',
      'file.extra': 'Autres champs (JSON, pour les directives post mortem)',
      'file.submit': 'Déposer', 'file.done': 'Demande déposée.', 'file.badJson': 'Les autres champs ne sont pas un objet JSON valide.',
      'tasks.title': 'Tâches partenaires en échec',
      'tasks.caption': '{count} tâche(s) en échec définitif (DEAD)', 'tasks.none': 'Aucune tâche en échec.',
      'tasks.unconfigured': 'L\'adresse de partner-sync-service n\'est pas configurée (requests.console.partner-sync-url).',
      'tasks.retry': 'Relancer', 'tasks.resolve': 'Marquer résolue', 'tasks.note': 'Note de résolution (sans donnée personnelle) pour la tâche {id}',
      'tasks.category': 'Preuve (catégorie) pour la tâche {id}', 'tasks.evidence': 'Référence de la preuve (ticket, courriel ; facultatif) pour la tâche {id}',
      'tasks.officerOnly': 'Tâche d\'effacement : seul un délégué à la protection des données la résout à la main.',
      'category.erased-in-partner-console': 'Effacé dans la console du partenaire', 'category.partner-confirmed-by-mail': 'Confirmé par écrit par le partenaire',
      'category.partner-confirmed-by-ticket': 'Confirmé par le support du partenaire (ticket)', 'category.already-absent-at-partner': 'Vérifié : déjà absent chez le partenaire',
      'category.no-data-found': 'Vérifié : aucune donnée chez le partenaire',
      'tasks.retried': 'Tâche relancée.', 'tasks.resolved': 'Tâche marquée résolue.',
      'status.FILED': 'Déposée', 'status.IN_PROGRESS': 'En cours', 'status.COMPLETED': 'Terminée',
      'status.PARTIALLY_COMPLETED': 'Partiellement terminée', 'status.REJECTED': 'Refusée', 'status.WITHDRAWN': 'Retirée',
      'type.ACCESS': 'Accès', 'type.RECTIFICATION': 'Rectification', 'type.ERASURE': 'Effacement', 'type.RESTRICTION': 'Limitation',
      'type.PORTABILITY': 'Portabilité', 'type.OBJECTION': 'Opposition', 'type.POST_MORTEM_DIRECTIVES': 'Directives post mortem', 'type.HEIR': 'Héritier',
      'channel.PLATFORM': 'Compte', 'channel.EMAIL': 'Courriel', 'channel.PRIVACY_OFFICER': 'Délégué',
      'ground.MANIFESTLY_UNFOUNDED': 'Manifestement infondée (art. 12(5))', 'ground.MANIFESTLY_EXCESSIVE': 'Manifestement excessive (art. 12(5))',
      'ground.FREEDOM_OF_EXPRESSION': 'Liberté d\'expression (art. 17(3)(a))', 'ground.LEGAL_OBLIGATION': 'Obligation légale (art. 17(3)(b))',
      'ground.PUBLIC_INTEREST': 'Intérêt public (art. 17(3)(b)-(c))', 'ground.ARCHIVING': 'Archivage, recherche, statistiques (art. 17(3)(d))',
      'ground.LEGAL_CLAIMS': 'Droits en justice (art. 17(3)(e))',
      'identity.EMAIL_ON_FILE': 'Courriel connu', 'identity.PLATFORM_ACCOUNT': 'Compte de la plateforme', 'identity.ID_DOCUMENT': 'Pièce d\'identité',
      'identity.POSTAL_ADDRESS_ON_FILE': 'Adresse postale connue', 'identity.PROOF_OF_DEATH_AND_HEIRSHIP': 'Preuves du décès et de la qualité d\'héritier', 'identity.OTHER': 'Autre',
      'outcome.COMPLETED': 'Terminée', 'outcome.PARTIALLY_COMPLETED': 'Partiellement terminée',
      'months.1': '1 mois', 'months.2': '2 mois',
      'restriction.ACCURACY_CONTESTED': 'Exactitude contestée', 'restriction.UNLAWFUL_PROCESSING': 'Traitement illicite',
      'restriction.NEEDED_FOR_LEGAL_CLAIM': 'Nécessaire à un droit en justice', 'restriction.OBJECTION_PENDING': 'Opposition en cours d\'examen',
      'scope.PROSPECTION': 'Prospection (tout le marketing direct)', 'scope.PROCESSING': 'Traitements désignés',
      'field.first-name': 'Prénom', 'field.last-name': 'Nom', 'field.email': 'Courriel', 'field.phone': 'Téléphone',
      'ask.SUCCESSION_INFORMATION': 'Informations pour la succession', 'ask.FAMILY_MEMORIES': 'Souvenirs de famille',
      'ask.CLOSE_ACCOUNT': 'Clôture du compte', 'ask.OBJECT_TO_PROCESSING': 'Opposition à la poursuite des traitements', 'ask.UPDATE_DATA': 'Mise à jour des données',
      'proof.DEATH_CERTIFICATE': 'Acte de décès', 'proof.ACT_OF_NOTORIETY': 'Acte de notoriété',
      'proof.CERTIFICATE_OF_INHERITANCE': 'Certificat d\'hérédité', 'proof.OTHER': 'Autre',
      'detail.details': 'Précisions', 'detail.corrections': 'Rectifications', 'detail.field': 'Donnée', 'detail.value': 'Nouvelle valeur',
      'detail.ground': 'Motif', 'detail.scope': 'Portée', 'detail.purposes': 'Finalités', 'detail.action': 'Action',
      'detail.directive': 'Directive', 'detail.designatedPerson': 'Personne désignée', 'detail.instructions': 'Instructions',
      'detail.dateOfDeath': 'Date du décès', 'detail.proofOfDeath': 'Preuve du décès', 'detail.proofOfHeirship': 'Preuve de la qualité d\'héritier',
      'detail.heir': 'Héritier', 'detail.ask': 'Demande de l\'héritier', 'detail.kind': 'Nature', 'detail.reference': 'Référence',
      'detail.name': 'Nom', 'detail.email': 'Courriel', 'detail.phone': 'Téléphone', 'detail.relationship': 'Lien', 'detail.transmitTo': 'Transmettre à'
    },
    en: {
      'app.title': 'Data protection officer\'s console',
      'app.skip': 'Skip to content',
      'app.loading': 'Loading…',
      'app.footer': 'No cookie: the sign-in token stays in this tab\'s memory.',
      'lang.other': 'Français', 'lang.other.code': 'fr',
      'nav.label': 'Console', 'nav.queue': 'Request queue', 'nav.attention': 'Attention list',
      'nav.file': 'File on behalf', 'nav.tasks': 'Dead partner tasks',
      'auth.signIn': 'Sign in', 'auth.signOut': 'Sign out',
      'auth.intro': 'Sign in with your data protection officer\'s or operator\'s account.',
      'auth.signedOut': 'You are signed out. The token was cleared from this tab\'s memory.',
      'auth.who': 'Signed in: {name} ({roles})',
      'auth.failed': 'Sign-in failed: {reason}',
      'auth.stateMismatch': 'the issuer\'s answer does not match this sign-in (state); start again.',
      'auth.nonceMismatch': 'the identity token does not match this sign-in (nonce); start again.',
      'auth.unavailable': 'The token issuer cannot be reached: {reason}',
      'auth.notForYou.title': 'This console is for the data protection officer and operators',
      'auth.notForYou.text': 'Your account has neither the privacy-officer nor the operator role. To follow your own requests, use the link you received by email or your account\'s pages.',
      'error.network': 'The service does not answer ({url}).',
      'error.expired': 'Your session expired: sign in again.',
      'error.401': 'Not authenticated: sign in again.',
      'error.403': 'Your role does not allow this action.',
      'error.404': 'Not found.',
      'error.409': 'Not possible in the request\'s current state.',
      'error.410': 'No longer exists.',
      'error.422': 'Refused by the request\'s rules.',
      'error.429': 'Too many attempts: try again later.',
      'error.400': 'Invalid input.',
      'error.other': 'Service error (HTTP {status}).',
      'error.field': '{field}: {message}',
      'queue.title': 'Request queue',
      'queue.caption': '{count} request(s), most urgent first',
      'queue.filters': 'Filters', 'queue.status': 'Status', 'queue.type': 'Type', 'queue.apply': 'Filter',
      'queue.openOnly': 'Open (to handle)', 'queue.any': 'All',
      'queue.empty': 'No request matches.',
      'col.due': 'Due', 'col.request': 'Request', 'col.status': 'Status', 'col.filed': 'Filed',
      'col.subject': 'Person (id)', 'col.channel': 'Channel', 'col.attention': 'Attention',
      'col.system': 'System', 'col.outcome': 'Outcome', 'col.when': 'When', 'col.evidence': 'Evidence',
      'col.retained': 'Kept', 'col.kind': 'Kind', 'col.actor': 'By', 'col.note': 'Note', 'col.change': 'Change',
      'col.reason': 'Reason', 'col.partner': 'Partner', 'col.object': 'Object', 'col.attempts': 'Attempts',
      'col.lastError': 'Last error', 'col.actions': 'Actions', 'col.waitingFor': 'Waiting for', 'col.created': 'Created',
      'badge.overdue': 'overdue', 'badge.dueSoon': 'due soon', 'badge.attention': 'attention',
      'request.title': '{type} request',
      'request.facts': 'Summary', 'request.id': 'Reference', 'request.type': 'Type', 'request.status': 'Status',
      'request.channel': 'Channel', 'request.subject': 'Person (id)', 'request.filedBy': 'Filed by',
      'request.filedAt': 'Filed', 'request.dueOn': 'Due', 'request.firstDueOn': 'First deadline',
      'request.closedAt': 'Closed', 'request.duplicateOf': 'Duplicate of',
      'request.asked': 'What was asked', 'request.nothingMore': 'Nothing beyond the type of request.',
      'request.identity': 'Identity check', 'request.identityNone': 'Filed by the person from their account or a verified email.',
      'request.method': 'Method', 'request.note': 'Note',
      'request.extension': 'Extension: {months} month(s), reason: {reason}',
      'request.rejection': 'Refusal: {ground} ({article}). {text}',
      'request.outcomeReasons': 'Reasons given at closing',
      'request.attention': 'Needs attention since {since}: {reason}',
      'request.restriction': 'Restriction', 'request.restrictionInForce': 'in force', 'request.restrictionLiftAnnounced': 'in force; lift announced on {at}, effective once the person is told (GDPR Art. 18(3))', 'request.restrictionLifted': 'lifted on {at}: {reason}',
      'request.decisions': 'Decisions', 'request.noDecision': 'No decision left: the request is closed.',
      'request.orders': 'Orders to the systems', 'request.awaiting': 'Awaiting: {systems}',
      'request.receipt': 'Receipt per system', 'request.noReceipt': 'No erasure receipt for this request.',
      'request.export': 'Export', 'request.exportStatus': 'Status: {status}',
      'request.notices': 'Notices to the person', 'request.noNotices': 'No notice.',
      'request.mails': 'Mails to the person', 'request.noMails': 'No mail.', 'col.language': 'Language', 'col.sent': 'Sent',
      'request.history': 'History', 'request.back': 'Back to the queue',
      'request.updated': 'The request changed: {status}.',
      'action.approve': 'Approve', 'action.approve.help': 'Executes the request (orders to the systems, export…).',
      'action.approve.first': 'Four eyes: this decision cannot be undone; yours is the first approval, a second officer (neither the one who filed it nor the first approver) executes it.',
      'action.approve.second': 'Four eyes: first approval by {by} on {at}. Your approval, the second, executes the request.',
      'request.fourEyes': 'Four eyes', 'request.fourEyes.awaiting': 'Awaiting a second officer; first approval by {by} on {at}',
      'request.fourEyes.done': 'Approved by two officers; first approval by {by} on {at}',
      'request.fourEyes.required': 'Two approvals needed (the second neither by the officer who filed it nor by the first approver)',
      'attention.secondOfficer': 'Awaiting a second officer (four eyes)',
      'receipt.byHand': 'resolved by hand: {categories}',
      'action.reject': 'Reject', 'action.reject.ground': 'Legal ground', 'action.reject.text': 'Explanation (the person reads it)',
      'action.extend': 'Extend', 'action.extend.months': 'Further months', 'action.extend.reason': 'Reason (the person reads it)',
      'action.complete': 'Complete', 'action.complete.outcome': 'Outcome', 'action.complete.reasons': 'Reasons (one per line)',
      'action.lift': 'Lift the restriction', 'action.lift.reason': 'Reason (the person reads it)',
      'action.done.approve': 'Request approved.', 'action.done.reject': 'Request rejected.', 'action.done.extend': 'Deadline extended.',
      'action.done.complete': 'Request completed.', 'action.done.lift': 'Lift announced: it takes effect once the person is told.',
      'attention.title': 'Attention list', 'attention.silent': 'Requests with a silent system',
      'attention.refused': 'Refused confirmations ({count})', 'attention.exports': 'Exports being assembled',
      'attention.overdue': 'Overdue requests', 'attention.none': 'Nothing to report.',
      'attention.mails': 'Mails to the person not delivered (still retried) or without an address', 'col.mail': 'Mail',
      'file.title': 'File a request on behalf of a person',
      'file.intro': 'For a person whose identity you checked (letter, phone, heir). The id is pseudonymous.',
      'file.subjectId': 'Person\'s id (for an heir: the deceased)',
      'file.identity': 'Identity check', 'file.method': 'Method', 'file.note': 'Note on the check',
      'file.request': 'Request', 'file.type': 'Type of request', 'file.details': 'Details (optional)',
      'file.restrictionGround': 'Ground of the restriction (Art. 18(1))',
      'file.objectionScope': 'Scope of the objection', 'file.objectionPurposes': 'Purposes (codes, comma-separated)',
      'file.correctionField': 'Data to correct', 'file.correctionValue': 'New value',
      'file.heir': 'Heir', 'file.dateOfDeath': 'Date of death', 'file.proofOfDeath': 'Proof of death',
      'file.proofKind': 'Kind', 'file.proofReference': 'Reference', 'file.heirName': 'Heir\'s name',
      'file.heirRelationship': 'Relationship to the deceased', 'file.heirEmail': 'Heir\'s email',
      'file.proofOfHeirship': 'Proof of heirship', 'file.ask': 'What the heir asks',
      'file.extra': 'Other fields (JSON, for post-mortem directives)',
      'file.submit': 'File', 'file.done': 'Request filed.', 'file.badJson': 'The other fields are not a valid JSON object.',
      'tasks.title': 'Dead partner tasks',
      'tasks.caption': '{count} task(s) failed for good (DEAD)', 'tasks.none': 'No dead task.',
      'tasks.unconfigured': 'partner-sync-service\'s address is not configured (requests.console.partner-sync-url).',
      'tasks.retry': 'Retry', 'tasks.resolve': 'Mark resolved', 'tasks.note': 'Resolution note (no personal data) for task {id}',
      'tasks.category': 'Evidence (category) for task {id}', 'tasks.evidence': 'Evidence reference (ticket, mail; optional) for task {id}',
      'tasks.officerOnly': 'Erasure task: only a privacy officer resolves it by hand.',
      'category.erased-in-partner-console': 'Erased in the partner\'s console', 'category.partner-confirmed-by-mail': 'Confirmed in writing by the partner',
      'category.partner-confirmed-by-ticket': 'Confirmed by the partner\'s support (ticket)', 'category.already-absent-at-partner': 'Checked: already gone at the partner',
      'category.no-data-found': 'Checked: the partner held no data',
      'tasks.retried': 'Task queued again.', 'tasks.resolved': 'Task marked resolved.',
      'status.FILED': 'Filed', 'status.IN_PROGRESS': 'In progress', 'status.COMPLETED': 'Completed',
      'status.PARTIALLY_COMPLETED': 'Partially completed', 'status.REJECTED': 'Rejected', 'status.WITHDRAWN': 'Withdrawn',
      'type.ACCESS': 'Access', 'type.RECTIFICATION': 'Rectification', 'type.ERASURE': 'Erasure', 'type.RESTRICTION': 'Restriction',
      'type.PORTABILITY': 'Portability', 'type.OBJECTION': 'Objection', 'type.POST_MORTEM_DIRECTIVES': 'Post-mortem directives', 'type.HEIR': 'Heir',
      'channel.PLATFORM': 'Account', 'channel.EMAIL': 'Email', 'channel.PRIVACY_OFFICER': 'Officer',
      'ground.MANIFESTLY_UNFOUNDED': 'Manifestly unfounded (Art. 12(5))', 'ground.MANIFESTLY_EXCESSIVE': 'Manifestly excessive (Art. 12(5))',
      'ground.FREEDOM_OF_EXPRESSION': 'Freedom of expression (Art. 17(3)(a))', 'ground.LEGAL_OBLIGATION': 'Legal obligation (Art. 17(3)(b))',
      'ground.PUBLIC_INTEREST': 'Public interest (Art. 17(3)(b)-(c))', 'ground.ARCHIVING': 'Archiving, research, statistics (Art. 17(3)(d))',
      'ground.LEGAL_CLAIMS': 'Legal claims (Art. 17(3)(e))',
      'identity.EMAIL_ON_FILE': 'Email on file', 'identity.PLATFORM_ACCOUNT': 'Platform account', 'identity.ID_DOCUMENT': 'Identity document',
      'identity.POSTAL_ADDRESS_ON_FILE': 'Postal address on file', 'identity.PROOF_OF_DEATH_AND_HEIRSHIP': 'Proofs of death and heirship', 'identity.OTHER': 'Other',
      'outcome.COMPLETED': 'Completed', 'outcome.PARTIALLY_COMPLETED': 'Partially completed',
      'months.1': '1 month', 'months.2': '2 months',
      'restriction.ACCURACY_CONTESTED': 'Accuracy contested', 'restriction.UNLAWFUL_PROCESSING': 'Unlawful processing',
      'restriction.NEEDED_FOR_LEGAL_CLAIM': 'Needed for a legal claim', 'restriction.OBJECTION_PENDING': 'Objection pending',
      'scope.PROSPECTION': 'Prospection (all direct marketing)', 'scope.PROCESSING': 'Given processing',
      'field.first-name': 'First name', 'field.last-name': 'Last name', 'field.email': 'Email', 'field.phone': 'Phone',
      'ask.SUCCESSION_INFORMATION': 'Information for the estate', 'ask.FAMILY_MEMORIES': 'Family memories',
      'ask.CLOSE_ACCOUNT': 'Close the account', 'ask.OBJECT_TO_PROCESSING': 'Object to further processing', 'ask.UPDATE_DATA': 'Update the data',
      'proof.DEATH_CERTIFICATE': 'Death certificate', 'proof.ACT_OF_NOTORIETY': 'Act of notoriety',
      'proof.CERTIFICATE_OF_INHERITANCE': 'Certificate of inheritance', 'proof.OTHER': 'Other',
      'detail.details': 'Details', 'detail.corrections': 'Corrections', 'detail.field': 'Data', 'detail.value': 'New value',
      'detail.ground': 'Ground', 'detail.scope': 'Scope', 'detail.purposes': 'Purposes', 'detail.action': 'Action',
      'detail.directive': 'Directive', 'detail.designatedPerson': 'Designated person', 'detail.instructions': 'Instructions',
      'detail.dateOfDeath': 'Date of death', 'detail.proofOfDeath': 'Proof of death', 'detail.proofOfHeirship': 'Proof of heirship',
      'detail.heir': 'Heir', 'detail.ask': 'What the heir asks', 'detail.kind': 'Kind', 'detail.reference': 'Reference',
      'detail.name': 'Name', 'detail.email': 'Email', 'detail.phone': 'Phone', 'detail.relationship': 'Relationship', 'detail.transmitTo': 'Transmit to'
    }
  };

  var lang = 'fr';
  var session = { config: null, discovery: null, token: null, name: null, roles: [] };
  var pollTimer = null;
  var queueFilters = { status: 'OPEN', type: '' };
  /** A result to announce on the next screen (a filing opens the new request's page). */
  var nextStatus = null;

  // ---- texts ------------------------------------------------------------------------------------------------

  function t(key, params) {
    var text = TEXTS[lang][key];
    if (text === undefined) {
      text = TEXTS.fr[key] !== undefined ? TEXTS.fr[key] : key;
    }
    if (params) {
      Object.keys(params).forEach(function (name) {
        text = text.split('{' + name + '}').join(params[name] === undefined || params[name] === null ? '' : String(params[name]));
      });
    }
    return text;
  }

  function label(group, code) {
    var key = group + '.' + code;
    return TEXTS[lang][key] !== undefined ? TEXTS[lang][key] : String(code);
  }

  function locale() {
    return lang === 'fr' ? 'fr-FR' : 'en-GB';
  }

  function formatDate(isoDate) {
    if (!isoDate) {
      return '';
    }
    var parts = isoDate.split('-');
    var date = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium' }).format(date);
  }

  function formatInstant(iso) {
    return iso ? new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '';
  }

  // ---- DOM --------------------------------------------------------------------------------------------------

  function el(tag, attributes) {
    var node = document.createElement(tag);
    var attrs = attributes || {};
    Object.keys(attrs).forEach(function (name) {
      var value = attrs[name];
      if (value === undefined || value === null || value === false) {
        return;
      }
      if (name === 'text') {
        node.textContent = value;
      } else if (name === 'onclick' || name === 'onsubmit' || name === 'onchange') {
        node.addEventListener(name.substring(2), value);
      } else if (value === true) {
        node.setAttribute(name, '');
      } else {
        node.setAttribute(name, value);
      }
    });
    for (var i = 2; i < arguments.length; i++) {
      append(node, arguments[i]);
    }
    return node;
  }

  function append(node, child) {
    if (child === undefined || child === null || child === false) {
      return;
    }
    if (Array.isArray(child)) {
      child.forEach(function (c) { append(node, c); });
    } else if (typeof child === 'string' || typeof child === 'number') {
      node.appendChild(document.createTextNode(String(child)));
    } else {
      node.appendChild(child);
    }
  }

  function view() {
    return document.getElementById('view');
  }

  function show(nodes, focusTitle) {
    var target = view();
    target.replaceChildren();
    append(target, nodes);
    if (focusTitle) {
      document.getElementById('main').focus();
    }
  }

  function setStatus(text) {
    document.getElementById('status').textContent = text || '';
  }

  function setAlert(error) {
    var box = document.getElementById('alert');
    box.replaceChildren();
    if (!error) {
      return;
    }
    var lines = error.lines || [error.message || String(error)];
    append(box, el('p', { text: lines[0] }));
    if (lines.length > 1) {
      append(box, el('ul', {}, lines.slice(1).map(function (line) { return el('li', { text: line }); })));
    }
  }

  function select(id, options, selected, labelOf) {
    return el('select', { id: id, name: id }, options.map(function (value) {
      return el('option', { value: value, selected: value === selected, text: labelOf(value) });
    }));
  }

  function field(id, text, control) {
    return el('div', { class: 'field' }, el('label', { for: id, text: text }), control);
  }

  function table(caption, headers, rows, attributes) {
    return el('table', attributes || {},
      caption ? el('caption', { text: caption }) : null,
      el('thead', {}, el('tr', {}, headers.map(function (h) { return el('th', { scope: 'col', text: h }); }))),
      el('tbody', {}, rows));
  }

  function facts(pairs) {
    var list = el('dl', { class: 'facts' });
    pairs.forEach(function (pair) {
      if (pair[1] === undefined || pair[1] === null || pair[1] === '') {
        return;
      }
      append(list, [el('dt', { text: pair[0] }), el('dd', { id: pair[2] }, pair[1])]);
    });
    return list;
  }

  // ---- sign-in (Authorization Code + PKCE S256) --------------------------------------------------------------

  function base64url(bytes) {
    var binary = '';
    bytes.forEach(function (b) { binary += String.fromCharCode(b); });
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function randomString(size) {
    var bytes = new Uint8Array(size);
    crypto.getRandomValues(bytes);
    return base64url(bytes);
  }

  function redirectUri() {
    return location.origin + location.pathname.replace(/index\.html$/, '');
  }

  function decodeJwt(token) {
    var payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    var text = atob(payload + '==='.slice((payload.length + 3) % 4));
    return JSON.parse(decodeURIComponent(Array.prototype.map.call(text, function (c) {
      return '%' + ('00' + c.charCodeAt(0).toString(16)).slice(-2);
    }).join('')));
  }

  async function startSignIn() {
    var verifier = randomString(32);
    var digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
    var pending = { verifier: verifier, state: randomString(16), nonce: randomString(16), lang: lang,
      hash: location.hash && location.hash !== '#' ? location.hash : '#/queue' };
    sessionStorage.setItem(SIGN_IN_KEY, JSON.stringify(pending));
    var query = new URLSearchParams({
      response_type: 'code', client_id: session.config.clientId, redirect_uri: redirectUri(), scope: 'openid',
      state: pending.state, nonce: pending.nonce, code_challenge: base64url(new Uint8Array(digest)),
      code_challenge_method: 'S256', ui_locales: lang
    });
    location.assign(session.discovery.authorization_endpoint + '?' + query.toString());
  }

  async function finishSignIn(params) {
    var pending = JSON.parse(sessionStorage.getItem(SIGN_IN_KEY) || 'null');
    sessionStorage.removeItem(SIGN_IN_KEY);
    if (pending && pending.lang) {
      lang = pending.lang;
    }
    history.replaceState(null, '', redirectUri() + (pending ? pending.hash : '#/queue'));
    if (params.get('error')) {
      throw new Error(t('auth.failed', { reason: params.get('error') + (params.get('error_description') ? ' — ' + params.get('error_description') : '') }));
    }
    if (!pending || pending.state !== params.get('state')) {
      throw new Error(t('auth.failed', { reason: t('auth.stateMismatch') }));
    }
    var response;
    try {
      response = await fetch(session.discovery.token_endpoint, {
        method: 'POST', credentials: 'omit', cache: 'no-store',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: session.config.clientId,
          code: params.get('code'), redirect_uri: redirectUri(), code_verifier: pending.verifier }).toString()
      });
    } catch (e) {
      throw new Error(t('auth.unavailable', { reason: e.message }));
    }
    var answer = await response.json().catch(function () { return {}; });
    if (!response.ok || !answer.access_token) {
      throw new Error(t('auth.failed', { reason: (answer.error || response.status) + (answer.error_description ? ' — ' + answer.error_description : '') }));
    }
    if (answer.id_token && decodeJwt(answer.id_token).nonce !== pending.nonce) {
      throw new Error(t('auth.failed', { reason: t('auth.nonceMismatch') }));
    }
    var claims = decodeJwt(answer.access_token);
    session.token = answer.access_token;
    session.name = claims.preferred_username || claims.sub;
    var roles = claims.groups || (claims.realm_access && claims.realm_access.roles) || [];
    session.roles = roles.filter(function (role) { return ['privacy-officer', 'operator', 'data-subject'].indexOf(role) >= 0; });
  }

  function signOut() {
    session.token = null;
    session.name = null;
    session.roles = [];
    stopPolling();
    setStatus('');
    setAlert(null);
    history.replaceState(null, '', redirectUri());
    renderChrome();
    renderSignIn(t('auth.signedOut'));
  }

  function isOfficer() {
    return session.roles.indexOf('privacy-officer') >= 0;
  }

  function isOperator() {
    return session.roles.indexOf('operator') >= 0;
  }

  // ---- API calls --------------------------------------------------------------------------------------------

  async function api(method, url, body) {
    var headers = { Accept: 'application/json, application/problem+json', Authorization: 'Bearer ' + session.token };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    var response;
    try {
      response = await fetch(url, { method: method, headers: headers, credentials: 'omit', cache: 'no-store',
        body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (e) {
      throw new Error(t('error.network', { url: url }));
    }
    if (!response.ok) {
      throw await problem(response);
    }
    var text = await response.text();
    return text ? JSON.parse(text) : null;
  }

  /** RFC 9457 problem+json in words: the status in the page's language, then the service's title, detail and fields. */
  async function problem(response) {
    var key = 'error.' + response.status;
    var lines = [TEXTS[lang][key] !== undefined ? t(key) : t('error.other', { status: response.status })];
    var body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (body) {
      var said = [body.title, body.detail].filter(function (s) { return s; }).join(' — ');
      if (said) {
        lines[0] += ' ' + said;
      }
      (body.errors || []).forEach(function (error) {
        lines.push(t('error.field', { field: error.field, message: error.message }));
      });
    }
    var error = new Error(lines.join(' '));
    error.lines = lines;
    error.status = response.status;
    if (response.status === 401) {
      session.token = null;
    }
    return error;
  }

  // ---- layout -----------------------------------------------------------------------------------------------

  function renderChrome() {
    document.documentElement.lang = lang;
    document.title = t('app.title');
    document.getElementById('brand').textContent = t('app.title');
    document.getElementById('skip-link').textContent = t('app.skip');
    document.getElementById('footer-note').textContent = t('app.footer');
    var switcher = document.getElementById('lang-switch');
    switcher.textContent = t('lang.other');
    switcher.setAttribute('lang', t('lang.other.code'));
    var nav = document.getElementById('nav');
    nav.setAttribute('aria-label', t('nav.label'));
    ['queue', 'attention', 'file', 'tasks'].forEach(function (name) {
      document.getElementById('nav-' + name).textContent = t('nav.' + name);
    });
    var signedIn = Boolean(session.token) && (isOfficer() || isOperator());
    nav.hidden = !signedIn;
    ['queue', 'attention', 'file'].forEach(function (name) {
      document.getElementById('nav-' + name).parentElement.hidden = !isOfficer();
    });
    document.getElementById('nav-tasks').parentElement.hidden = !session.config || !session.config.partnerSyncUrl;
    var signOutButton = document.getElementById('sign-out');
    signOutButton.textContent = t('auth.signOut');
    signOutButton.hidden = !session.token;
    document.getElementById('who').textContent = session.token
      ? t('auth.who', { name: session.name, roles: session.roles.join(', ') }) : '';
    var current = location.hash.split('?')[0];
    nav.querySelectorAll('a').forEach(function (link) {
      if (current.indexOf(link.getAttribute('href')) === 0) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    });
  }

  function renderSignIn(message) {
    show([
      el('h1', { text: t('app.title') }),
      message ? el('p', { text: message, id: 'signed-out' }) : null,
      el('p', { text: t('auth.intro') }),
      el('p', {}, el('button', { type: 'button', class: 'primary', id: 'sign-in', text: t('auth.signIn'), onclick: function () {
        startSignIn().catch(setAlert);
      } }))
    ]);
  }

  function renderNotForYou() {
    show([
      el('h1', { id: 'not-for-you', text: t('auth.notForYou.title') }),
      el('p', { class: 'notice-only', text: t('auth.notForYou.text') })
    ], true);
  }

  function stopPolling() {
    if (pollTimer) {
      clearTimeout(pollTimer);
      pollTimer = null;
    }
  }

  // ---- routing ----------------------------------------------------------------------------------------------

  function route() {
    stopPolling();
    renderChrome();
    if (!session.token) {
      renderSignIn();
      return;
    }
    if (!isOfficer() && !isOperator()) {
      renderNotForYou();
      return;
    }
    var hash = location.hash.replace(/^#/, '');
    var match = /^\/requests\/([0-9a-fA-F-]{36})$/.exec(hash);
    var screen;
    if (!isOfficer()) {
      screen = renderTasks();
    } else if (match) {
      screen = renderRequest(match[1], true);
    } else if (hash === '/attention') {
      screen = renderAttention();
    } else if (hash === '/file') {
      screen = renderFileOnBehalf();
    } else if (hash === '/tasks') {
      screen = renderTasks();
    } else {
      screen = renderQueue();
    }
    screen.catch(function (error) {
      setAlert(error);
      if (!session.token) {
        renderChrome();
        renderSignIn();
      }
    });
  }

  // ---- the queue --------------------------------------------------------------------------------------------

  function today() {
    var now = new Date();
    return new Date(now.getFullYear(), now.getMonth(), now.getDate());
  }

  function dueBadges(summary) {
    if (OPEN.indexOf(summary.status) < 0 || !summary.dueOn) {
      return [];
    }
    var parts = summary.dueOn.split('-');
    var due = new Date(Number(parts[0]), Number(parts[1]) - 1, Number(parts[2]));
    var days = Math.round((due - today()) / 86400000);
    if (days < 0) {
      return [el('span', { class: 'badge overdue', 'data-mark': 'overdue', text: t('badge.overdue') })];
    }
    if (days <= DUE_SOON_DAYS) {
      return [el('span', { class: 'badge due-soon', 'data-mark': 'due-soon', text: t('badge.dueSoon') })];
    }
    return [];
  }

  function shortId(id) {
    return String(id).substring(0, 8);
  }

  function requestRows(items) {
    return items.map(function (r) {
      return el('tr', { 'data-request-id': r.id, 'data-due-on': r.dueOn, 'data-status': r.status },
        el('td', { class: 'due' }, formatDate(r.dueOn), dueBadges(r)),
        el('td', {}, el('a', { href: '#/requests/' + r.id, text: label('type', r.type) + ' ' + shortId(r.id) })),
        el('td', { class: 'status', text: label('status', r.status) }),
        el('td', { text: formatInstant(r.filedAt) }),
        el('td', { text: r.subjectId }),
        el('td', { text: label('channel', r.channel) }),
        el('td', {}, r.attention ? [el('span', { class: 'badge attention', text: t('badge.attention') }), ' ', r.attention] : ''));
    });
  }

  function requestTable(caption, items, id) {
    if (!items.length) {
      return el('p', { text: t('queue.empty') });
    }
    return table(caption, [t('col.due'), t('col.request'), t('col.status'), t('col.filed'), t('col.subject'),
      t('col.channel'), t('col.attention')], requestRows(items), { id: id });
  }

  async function renderQueue() {
    var query = new URLSearchParams({ size: '200' });
    var statuses = queueFilters.status === 'OPEN' ? OPEN : queueFilters.status === '' ? [] : [queueFilters.status];
    statuses.forEach(function (s) { query.append('status', s); });
    if (queueFilters.type) {
      query.set('type', queueFilters.type);
    }
    var page = await api('GET', '/requests?' + query.toString());
    var filters = el('form', { class: 'filters', id: 'queue-filters', 'aria-label': t('queue.filters'), onsubmit: function (event) {
      event.preventDefault();
      queueFilters.status = document.getElementById('filter-status').value;
      queueFilters.type = document.getElementById('filter-type').value;
      setAlert(null);
      renderQueue().catch(setAlert);
    } },
      field('filter-status', t('queue.status'), select('filter-status', ['OPEN', ''].concat(STATUSES), queueFilters.status, function (s) {
        return s === 'OPEN' ? t('queue.openOnly') : s === '' ? t('queue.any') : label('status', s);
      })),
      field('filter-type', t('queue.type'), select('filter-type', [''].concat(TYPES), queueFilters.type, function (s) {
        return s === '' ? t('queue.any') : label('type', s);
      })),
      el('div', {}, el('button', { type: 'submit', id: 'filter-apply', text: t('queue.apply') })));
    show([
      el('h1', { text: t('queue.title') }),
      filters,
      requestTable(t('queue.caption', { count: page.total }), page.items, 'queue')
    ]);
  }

  // ---- one request ------------------------------------------------------------------------------------------

  function flatten(value, prefix, out) {
    if (value === null || value === undefined) {
      return out;
    }
    if (Array.isArray(value)) {
      value.forEach(function (item, i) { flatten(item, prefix + '[' + (i + 1) + ']', out); });
    } else if (typeof value === 'object') {
      Object.keys(value).forEach(function (key) {
        if (!(prefix === '' && key === 'type')) {
          flatten(value[key], prefix ? prefix + '.' + key : key, out);
        }
      });
    } else {
      out.push([prefix, String(value)]);
    }
    return out;
  }

  /** {@code proofOfDeath.kind} as "Preuve du décès › Nature"; list items keep their number. */
  function detailLabel(path) {
    return path.split('.').map(function (segment) {
      var index = /^(.*)\[(\d+)\]$/.exec(segment);
      var name = index ? index[1] : segment;
      return label('detail', name) + (index ? ' ' + index[2] : '');
    }).join(' › ');
  }

  /** Codes in words where the dictionaries know them. */
  function detailValue(path, value) {
    var last = path.split('.').pop().replace(/\[\d+\]$/, '');
    var group = { ask: 'ask', kind: 'proof', ground: 'restriction', scope: 'scope', field: 'field' }[last];
    return group ? label(group, value) : value;
  }

  function evidenceText(list) {
    return (list || []).map(function (e) {
      return typeof e === 'object' ? Object.keys(e).map(function (k) { return k + ': ' + e[k]; }).join(', ') : String(e);
    }).join('; ');
  }

  function decisionForm(id, title, controls, onSubmit) {
    return el('form', { id: id + '-form', 'aria-labelledby': id + '-title', onsubmit: function (event) {
      event.preventDefault();
      var button = event.target.querySelector('button[type=submit]');
      button.disabled = true;
      setAlert(null);
      setStatus('');
      onSubmit().catch(function (error) {
        button.disabled = false;
        setAlert(error);
      });
    } }, el('h3', { id: id + '-title', text: title }), controls,
      el('p', {}, el('button', { type: 'submit', class: 'primary', id: id + '-button', text: title })));
  }

  function decisions(r) {
    var base = '/requests/' + r.id;
    var forms = [];
    function act(path, body, done) {
      return function () {
        return api('POST', base + path, body ? body() : undefined).then(function (updated) {
          renderRequestView(updated);
          setStatus(t(done));
        });
      };
    }
    var open = OPEN.indexOf(r.status) >= 0;
    if (r.status === 'FILED') {
      var fourEyes = r.fourEyes && r.fourEyes.required;
      forms.push(decisionForm('approve', t('action.approve'), el('p', { text: !fourEyes ? t('action.approve.help')
          : r.fourEyes.firstApprovedBy ? t('action.approve.second', { by: r.fourEyes.firstApprovedBy, at: formatInstant(r.fourEyes.firstApprovedAt) })
          : t('action.approve.first') }),
        act('/approve', null, 'action.done.approve')));
    }
    if (open) {
      var grounds = GROUNDS.filter(function (g) {
        return ERASURE_GROUNDS_ONLY.indexOf(g) < 0 || r.type === 'ERASURE' || r.type === 'HEIR';
      });
      forms.push(decisionForm('reject', t('action.reject'), [
        field('reject-ground', t('action.reject.ground'), select('reject-ground', grounds, grounds[0], function (g) { return label('ground', g); })),
        field('reject-text', t('action.reject.text'), el('textarea', { id: 'reject-text', required: true, maxlength: '2000' }))
      ], act('/reject', function () {
        return { ground: document.getElementById('reject-ground').value, text: document.getElementById('reject-text').value };
      }, 'action.done.reject')));
      if (!r.extension) {
        forms.push(decisionForm('extend', t('action.extend'), [
          field('extend-months', t('action.extend.months'), select('extend-months', ['1', '2'], '2', function (m) { return label('months', m); })),
          field('extend-reason', t('action.extend.reason'), el('textarea', { id: 'extend-reason', required: true, maxlength: '2000' }))
        ], act('/extend', function () {
          return { months: Number(document.getElementById('extend-months').value), reason: document.getElementById('extend-reason').value };
        }, 'action.done.extend')));
      }
    }
    if (r.status === 'IN_PROGRESS') {
      forms.push(decisionForm('complete', t('action.complete'), [
        field('complete-outcome', t('action.complete.outcome'), select('complete-outcome', ['COMPLETED', 'PARTIALLY_COMPLETED'], 'COMPLETED', function (o) { return label('outcome', o); })),
        field('complete-reasons', t('action.complete.reasons'), el('textarea', { id: 'complete-reasons' }))
      ], act('/complete', function () {
        var reasons = document.getElementById('complete-reasons').value.split('\n').map(function (s) { return s.trim(); }).filter(Boolean);
        return { outcome: document.getElementById('complete-outcome').value, reasons: reasons };
      }, 'action.done.complete')));
    }
    if (r.restriction && r.restriction.inForce && !r.restriction.liftAnnouncedAt) {
      forms.push(decisionForm('lift', t('action.lift'),
        field('lift-reason', t('action.lift.reason'), el('textarea', { id: 'lift-reason', required: true, maxlength: '2000' })),
        act('/restriction/lift', function () { return { reason: document.getElementById('lift-reason').value }; }, 'action.done.lift')));
    }
    return forms.length ? el('div', { class: 'decisions' }, forms) : el('p', { text: t('request.noDecision') });
  }

  function systemsTable(systems, id) {
    return table(null, [t('col.system'), t('col.outcome'), t('col.when'), t('col.evidence'), t('col.reason')],
      (systems || []).map(function (s) {
        return el('tr', { 'data-system': s.system },
          el('td', { text: s.system }), el('td', { text: s.status || s.outcome || '' }),
          el('td', { text: formatInstant(s.confirmedAt) }), el('td', { text: evidenceText(s.evidence) }),
          el('td', { text: [s.reason].concat(s.notices || []).filter(Boolean).join(' ') }));
      }), { id: id });
  }

  function fourEyesText(fourEyes) {
    if (!fourEyes) {
      return null;
    }
    if (!fourEyes.firstApprovedBy) {
      return t('request.fourEyes.required');
    }
    return t(fourEyes.awaitingSecondOfficer ? 'request.fourEyes.awaiting' : 'request.fourEyes.done',
      { by: fourEyes.firstApprovedBy, at: formatInstant(fourEyes.firstApprovedAt) });
  }

  function renderRequestView(r, extras) {
    var sections = [
      el('p', {}, el('a', { href: '#/queue', text: t('request.back') })),
      el('h1', { id: 'request-title', text: t('request.title', { type: label('type', r.type) }) }),
      el('h2', { text: t('request.facts') }),
      facts([
        [t('request.id'), r.id, 'request-id'],
        [t('request.status'), label('status', r.status), 'request-status'],
        [t('request.type'), label('type', r.type)],
        [t('request.channel'), label('channel', r.channel)],
        [t('request.subject'), r.subjectId],
        [t('request.filedBy'), r.filedBy],
        [t('request.fourEyes'), fourEyesText(r.fourEyes), 'request-four-eyes'],
        [t('request.filedAt'), formatInstant(r.filedAt)],
        [t('request.dueOn'), [formatDate(r.dueOn)].concat(dueBadges(r)), 'request-due'],
        [t('request.firstDueOn'), r.firstDueOn !== r.dueOn ? formatDate(r.firstDueOn) : null],
        [t('request.closedAt'), formatInstant(r.closedAt)],
        [t('request.duplicateOf'), r.duplicateOf ? el('a', { href: '#/requests/' + r.duplicateOf, text: r.duplicateOf }) : null]
      ]),
      r.extension ? el('p', { id: 'request-extension', text: t('request.extension', { months: r.extension.months, reason: r.extension.reason }) }) : null,
      r.rejection ? el('p', { id: 'request-rejection', text: t('request.rejection', { ground: label('ground', r.rejection.ground), article: r.rejection.article, text: r.rejection.text }) }) : null,
      r.attention ? el('p', {}, el('span', { class: 'badge attention', text: t('badge.attention') }), ' ',
        t('request.attention', { since: formatInstant(r.attention.since), reason: r.attention.reason })) : null,
      r.outcomeReasons && r.outcomeReasons.length ? [el('h2', { text: t('request.outcomeReasons') }),
        el('ul', {}, r.outcomeReasons.map(function (s) { return el('li', { text: s }); }))] : null,
      r.restriction ? el('p', { text: t('request.restriction') + ' : ' + (r.restriction.inForce ? (r.restriction.liftAnnouncedAt
          ? t('request.restrictionLiftAnnounced', { at: formatInstant(r.restriction.liftAnnouncedAt) }) : t('request.restrictionInForce'))
        : t('request.restrictionLifted', { at: formatInstant(r.restriction.liftedAt), reason: r.restriction.liftReason })) }) : null,
      el('h2', { text: t('request.asked') }),
      (function () {
        var pairs = flatten(r.details, '', []);
        return pairs.length ? facts(pairs.map(function (p) { return [detailLabel(p[0]), detailValue(p[0], p[1])]; }))
          : el('p', { text: t('request.nothingMore') });
      })(),
      el('h2', { text: t('request.identity') }),
      r.identityCheck ? facts([[t('request.method'), label('identity', r.identityCheck.method)], [t('request.note'), r.identityCheck.note]])
        : el('p', { text: t('request.identityNone') }),
      el('h2', { text: t('request.decisions') }),
      decisions(r)
    ];
    (r.orders || []).forEach(function (order, i) {
      sections.push(el('h2', { text: t('request.orders') + ' — ' + order.kind + ' (' + formatInstant(order.orderedAt) + ')' }));
      if (order.awaiting && order.awaiting.length) {
        sections.push(el('p', { text: t('request.awaiting', { systems: order.awaiting.join(', ') }) }));
      }
      sections.push(systemsTable(order.systems, 'order-' + i));
    });
    if (extras && extras.receipt) {
      var receipt = extras.receipt;
      sections.push(el('h2', { text: t('request.receipt') }));
      if (receipt.awaiting && receipt.awaiting.length) {
        sections.push(el('p', { text: t('request.awaiting', { systems: receipt.awaiting.join(', ') }) }));
      }
      sections.push(table(null, [t('col.system'), t('col.outcome'), t('col.when'), t('col.evidence'), t('col.retained')],
        (receipt.registeredSystems || []).map(function (s) {
          var answered = (receipt.systems || []).filter(function (a) { return a.system === s.system; })[0] || {};
          return el('tr', { 'data-system': s.system },
            el('td', { text: s.system }), el('td', { text: [s.status, s.reason, answered.categories && answered.categories.length
              ? t('receipt.byHand', { categories: answered.categories.map(function (c) { return label('category', c); }).join(', ') }) : null]
              .filter(Boolean).join(' — ') }),
            el('td', { text: formatInstant(s.confirmedAt) }), el('td', { text: evidenceText(s.evidence) }),
            el('td', { text: (answered.retained || []).map(function (k) {
              return [k.dataCategory, k.legalBasis].filter(Boolean).join(' : ');
            }).join('; ') }));
        }), { id: 'receipt' }));
    }
    if (extras && extras.exportStatus) {
      var exp = extras.exportStatus;
      sections.push(el('h2', { text: t('request.export') }), el('p', { id: 'export-status', text: t('request.exportStatus', { status: exp.status }) }));
      if (exp.waitingFor && exp.waitingFor.length) {
        sections.push(el('p', { text: t('request.awaiting', { systems: exp.waitingFor.join(', ') }) }));
      }
    }
    sections.push(el('h2', { text: t('request.notices') }));
    sections.push(r.notices && r.notices.length ? el('ul', { id: 'notices' }, r.notices.map(function (n) {
      return el('li', {}, el('strong', { text: n.kind }), ' (' + formatInstant(n.at) + ') ', n.text);
    })) : el('p', { text: t('request.noNotices') }));
    sections.push(el('h2', { text: t('request.mails') }));
    sections.push(r.notifications && r.notifications.length
      ? table(null, [t('col.mail'), t('col.language'), t('col.status'), t('col.attempts'), t('col.created'), t('col.sent'), t('col.lastError')],
        r.notifications.map(function (n) {
          return el('tr', {}, el('td', { text: n.kind }), el('td', { text: n.language }), el('td', { text: n.status }),
            el('td', { text: String(n.attempts) }), el('td', { text: formatInstant(n.queuedAt) }),
            el('td', { text: n.sentAt ? formatInstant(n.sentAt) : '' }), el('td', { text: n.lastError || '' }));
        }), { id: 'mails' })
      : el('p', { text: t('request.noMails') }));
    sections.push(el('h2', { text: t('request.history') }));
    sections.push(table(null, ['#', t('col.kind'), t('col.change'), t('col.actor'), t('col.when'), t('col.note')],
      (r.history || []).map(function (h) {
        return el('tr', {}, el('td', { text: h.seq }), el('td', { text: h.kind }),
          el('td', { text: h.from && h.to && h.from !== h.to ? label('status', h.from) + ' → ' + label('status', h.to) : (h.to ? label('status', h.to) : '') }),
          el('td', { text: h.actor }), el('td', { text: formatInstant(h.at) }), el('td', { text: h.note || '' }));
      }), { id: 'history' }));
    var focus = !document.getElementById('request-title');
    show(sections, focus);
    schedulePoll(r);
  }

  async function loadRequest(id) {
    var r = await api('GET', '/requests/' + id);
    var extras = {};
    if ((r.type === 'ERASURE' || r.type === 'HEIR') && r.status !== 'FILED') {
      extras.receipt = await api('GET', '/requests/' + id + '/receipt').catch(function () { return null; });
    }
    if ((r.type === 'ACCESS' || r.type === 'PORTABILITY') && r.status !== 'FILED') {
      extras.exportStatus = await api('GET', '/requests/' + id + '/export/status').catch(function () { return null; });
    }
    return { request: r, extras: extras };
  }

  async function renderRequest(id) {
    var loaded = await loadRequest(id);
    renderRequestView(loaded.request, loaded.extras);
  }

  /** While a request is in progress, its page follows it (confirmations arrive, it completes). */
  function schedulePoll(r) {
    stopPolling();
    if (r.status !== 'IN_PROGRESS') {
      return;
    }
    var seen = JSON.stringify(r);
    pollTimer = setTimeout(function () {
      pollTimer = null;
      if (location.hash !== '#/requests/' + r.id || !session.token) {
        return;
      }
      loadRequest(r.id).then(function (loaded) {
        var editing = Array.prototype.some.call(view().querySelectorAll('textarea, input'), function (input) {
          return input.value !== '' || input === document.activeElement;
        });
        if (JSON.stringify(loaded.request) !== seen && !editing) {
          renderRequestView(loaded.request, loaded.extras);
          if (loaded.request.status !== r.status) {
            setStatus(t('request.updated', { status: label('status', loaded.request.status) }));
          }
        } else {
          schedulePoll(r);
        }
      }).catch(function () { schedulePoll(r); });
    }, POLL_MS);
  }

  // ---- attention list ---------------------------------------------------------------------------------------

  async function renderAttention() {
    var results = await Promise.all([
      api('GET', '/requests/attention?size=200'),
      api('GET', '/requests/exports/pending'),
      api('GET', '/requests/overdue?size=200'),
      api('GET', '/requests/attention/notifications?size=200')
    ]);
    var attention = results[0];
    var pending = results[1] || [];
    var overdue = results[2];
    var mails = (results[3] && results[3].items) || [];
    var refused = attention.refusedConfirmations || { total: 0, latest: [] };
    show([
      el('h1', { text: t('attention.title') }),
      el('h2', { text: t('attention.silent') }),
      requestTable(null, attention.items, 'attention'),
      el('h2', { text: t('attention.secondOfficer') }),
      requestTable(null, attention.awaitingSecondOfficer || [], 'awaiting-second-officer'),
      el('h2', { text: t('attention.overdue') }),
      requestTable(null, overdue.items, 'overdue'),
      el('h2', { text: t('attention.exports') }),
      pending.length ? table(null, [t('col.request'), t('col.status'), t('col.created'), t('col.waitingFor')], pending.map(function (p) {
        return el('tr', {}, el('td', {}, el('a', { href: '#/requests/' + p.requestId, text: p.kind + ' ' + shortId(p.requestId) })),
          el('td', { text: p.status }), el('td', { text: formatInstant(p.createdAt) }), el('td', { text: (p.waitingFor || []).join(', ') }));
      }), { id: 'pending-exports' }) : el('p', { text: t('attention.none') }),
      el('h2', { text: t('attention.mails') }),
      mails.length ? table(null, [t('col.request'), t('col.mail'), t('col.status'), t('col.attempts'), t('col.reason')], mails.map(function (m) {
        return el('tr', {}, el('td', {}, el('a', { href: '#/requests/' + m.requestId, text: shortId(m.requestId) })),
          el('td', { text: m.kind }), el('td', { text: m.status }), el('td', { text: String(m.attempts) }),
          el('td', { text: m.why || m.lastError || '' }));
      }), { id: 'undelivered-mails' }) : el('p', { text: t('attention.none') }),
      el('h2', { text: t('attention.refused', { count: refused.total }) }),
      refused.latest.length ? table(null, [t('col.system'), t('col.reason'), t('col.actor'), t('col.request'), t('col.when')], refused.latest.map(function (c) {
        return el('tr', {}, el('td', { text: c.system }), el('td', { text: c.reason }), el('td', { text: c.principal }),
          el('td', {}, c.requestId ? el('a', { href: '#/requests/' + c.requestId, text: shortId(c.requestId) }) : ''),
          el('td', { text: formatInstant(c.refusedAt) }));
      })) : el('p', { text: t('attention.none') })
    ], true);
  }

  // ---- filing on behalf -------------------------------------------------------------------------------------

  function typeFields(type) {
    var parts = [];
    if (type === 'RESTRICTION') {
      parts.push(field('f-restriction-ground', t('file.restrictionGround'), select('f-restriction-ground', RESTRICTION_GROUNDS, RESTRICTION_GROUNDS[0], function (g) { return label('restriction', g); })));
    } else if (type === 'OBJECTION') {
      parts.push(field('f-objection-scope', t('file.objectionScope'), select('f-objection-scope', ['PROSPECTION', 'PROCESSING'], 'PROSPECTION', function (s) { return label('scope', s); })));
      parts.push(field('f-objection-purposes', t('file.objectionPurposes'), el('input', { id: 'f-objection-purposes', type: 'text' })));
    } else if (type === 'RECTIFICATION') {
      parts.push(field('f-correction-field', t('file.correctionField'), select('f-correction-field', ['first-name', 'last-name', 'email', 'phone'], 'email', function (f) { return label('field', f); })));
      parts.push(field('f-correction-value', t('file.correctionValue'), el('input', { id: 'f-correction-value', type: 'text', required: true })));
    } else if (type === 'HEIR') {
      parts.push(el('fieldset', {}, el('legend', { text: t('file.heir') }),
        field('f-date-of-death', t('file.dateOfDeath'), el('input', { id: 'f-date-of-death', type: 'date', required: true })),
        field('f-death-kind', t('file.proofOfDeath') + ' — ' + t('file.proofKind'), select('f-death-kind', ['DEATH_CERTIFICATE', 'OTHER'], 'DEATH_CERTIFICATE', function (k) { return label('proof', k); })),
        field('f-death-ref', t('file.proofOfDeath') + ' — ' + t('file.proofReference'), el('input', { id: 'f-death-ref', type: 'text', required: true })),
        field('f-heir-name', t('file.heirName'), el('input', { id: 'f-heir-name', type: 'text', required: true })),
        field('f-heir-relationship', t('file.heirRelationship'), el('input', { id: 'f-heir-relationship', type: 'text', required: true })),
        field('f-heir-email', t('file.heirEmail'), el('input', { id: 'f-heir-email', type: 'email' })),
        field('f-heirship-kind', t('file.proofOfHeirship') + ' — ' + t('file.proofKind'), select('f-heirship-kind', PROOF_KINDS, 'ACT_OF_NOTORIETY', function (k) { return label('proof', k); })),
        field('f-heirship-ref', t('file.proofOfHeirship') + ' — ' + t('file.proofReference'), el('input', { id: 'f-heirship-ref', type: 'text', required: true })),
        field('f-heir-ask', t('file.ask'), select('f-heir-ask', HEIR_ASKS, 'CLOSE_ACCOUNT', function (a) { return label('ask', a); }))));
    } else if (type === 'POST_MORTEM_DIRECTIVES') {
      parts.push(field('f-extra', t('file.extra'), el('textarea', { id: 'f-extra', text: '{"action": "RECORD", "directive": "KEEP"}' })));
    }
    return parts;
  }

  function value(id) {
    var input = document.getElementById(id);
    return input && input.value.trim() !== '' ? input.value.trim() : undefined;
  }

  function requestBody(type) {
    var body = { type: type, details: value('f-details') };
    if (type === 'RESTRICTION') {
      body.ground = value('f-restriction-ground');
    } else if (type === 'OBJECTION') {
      body.scope = value('f-objection-scope');
      var purposes = (value('f-objection-purposes') || '').split(',').map(function (s) { return s.trim(); }).filter(Boolean);
      if (purposes.length) {
        body.purposes = purposes;
      }
    } else if (type === 'RECTIFICATION') {
      body.corrections = [{ field: value('f-correction-field'), value: value('f-correction-value') }];
    } else if (type === 'HEIR') {
      body.dateOfDeath = value('f-date-of-death');
      body.proofOfDeath = { kind: value('f-death-kind'), reference: value('f-death-ref') };
      body.heir = { name: value('f-heir-name'), relationship: value('f-heir-relationship'), email: value('f-heir-email') };
      body.proofOfHeirship = { kind: value('f-heirship-kind'), reference: value('f-heirship-ref') };
      body.ask = value('f-heir-ask');
    } else if (type === 'POST_MORTEM_DIRECTIVES') {
      var extra;
      try {
        extra = JSON.parse(value('f-extra') || '{}');
      } catch (e) {
        throw new Error(t('file.badJson'));
      }
      if (!extra || typeof extra !== 'object' || Array.isArray(extra)) {
        throw new Error(t('file.badJson'));
      }
      Object.keys(extra).forEach(function (key) { body[key] = extra[key]; });
    }
    return body;
  }

  async function renderFileOnBehalf() {
    var specific = el('div', { id: 'type-fields' }, typeFields('ACCESS'));
    var typeSelect = select('f-type', TYPES, 'ACCESS', function (s) { return label('type', s); });
    typeSelect.addEventListener('change', function () {
      specific.replaceChildren();
      append(specific, typeFields(typeSelect.value));
      if (typeSelect.value === 'HEIR') {
        document.getElementById('f-method').value = 'PROOF_OF_DEATH_AND_HEIRSHIP';
      }
    });
    var form = el('form', { id: 'file-form', onsubmit: function (event) {
      event.preventDefault();
      setAlert(null);
      setStatus('');
      var body;
      try {
        body = { subjectId: value('f-subject'), identityCheck: { method: value('f-method'), note: value('f-note') },
          request: requestBody(typeSelect.value) };
      } catch (e) {
        setAlert(e);
        return;
      }
      api('POST', '/requests/on-behalf', body).then(function (created) {
        nextStatus = t('file.done');
        location.hash = '#/requests/' + created.id;
      }).catch(setAlert);
    } },
      el('fieldset', {}, el('legend', { text: t('file.identity') }),
        field('f-subject', t('file.subjectId'), el('input', { id: 'f-subject', type: 'text', required: true, autocomplete: 'off' })),
        field('f-method', t('file.method'), select('f-method', IDENTITY_METHODS, 'ID_DOCUMENT', function (m) { return label('identity', m); })),
        field('f-note', t('file.note'), el('textarea', { id: 'f-note', maxlength: '500' }))),
      el('fieldset', {}, el('legend', { text: t('file.request') }),
        field('f-type', t('file.type'), typeSelect),
        specific,
        field('f-details', t('file.details'), el('textarea', { id: 'f-details', maxlength: '2000' }))),
      el('p', {}, el('button', { type: 'submit', class: 'primary', id: 'file-submit', text: t('file.submit') })));
    show([el('h1', { text: t('file.title') }), el('p', { text: t('file.intro') }), form], true);
  }

  // ---- dead partner tasks (partner-sync-service, CORS) ------------------------------------------------------

  async function renderTasks() {
    var base = session.config.partnerSyncUrl;
    if (!base) {
      show([el('h1', { text: t('tasks.title') }), el('p', { text: t('tasks.unconfigured') })], true);
      return;
    }
    var page = await api('GET', base + '/tasks?state=DEAD&size=200');
    function taskAction(task, path, body, done) {
      return function (event) {
        event.preventDefault();
        setAlert(null);
        api('POST', base + '/tasks/' + task.id + path, body ? body() : undefined).then(function () {
          return renderTasks();
        }).then(function () { setStatus(t(done)); }).catch(setAlert);
      };
    }
    var rows = page.items.map(function (task) {
      var noteId = 'note-' + task.id;
      var categoryId = 'category-' + task.id;
      var evidenceId = 'evidence-' + task.id;
      var erasure = ERASURE_TASKS.indexOf(task.kind) >= 0;
      return el('tr', { 'data-task-id': task.id },
        el('td', { text: task.partner }), el('td', { text: task.kind }),
        el('td', { text: [task.objectType, task.objectId].filter(Boolean).join(' ') }),
        el('td', { text: task.subjectId }), el('td', { text: task.attempts }),
        el('td', { text: [task.deadReason, task.lastError && task.lastError.summary].filter(Boolean).join(' — ') }),
        el('td', { text: formatInstant(task.createdAt) }),
        el('td', {},
          el('button', { type: 'button', class: 'retry', text: t('tasks.retry'), 'aria-describedby': 'task-' + task.id,
            onclick: taskAction(task, '/retry', null, 'tasks.retried') }),
          erasure && !isOfficer() ? el('p', { class: 'officer-only', text: t('tasks.officerOnly') })
            : el('form', { class: 'resolve', onsubmit: taskAction(task, '/resolve', function () {
              return erasure ? { note: document.getElementById(noteId).value, category: document.getElementById(categoryId).value,
                evidenceReference: document.getElementById(evidenceId).value || null } : { note: document.getElementById(noteId).value };
            }, 'tasks.resolved') },
              erasure ? [field(categoryId, t('tasks.category', { id: shortId(task.id) }),
                select(categoryId, RESOLUTION_CATEGORIES, RESOLUTION_CATEGORIES[0], function (c) { return label('category', c); })),
                field(evidenceId, t('tasks.evidence', { id: shortId(task.id) }), el('input', { id: evidenceId, type: 'text', maxlength: '200' }))] : null,
              el('label', { for: noteId, text: t('tasks.note', { id: shortId(task.id) }) }),
              el('input', { id: noteId, type: 'text', required: true, maxlength: '500' }),
              el('button', { type: 'submit', text: t('tasks.resolve') })),
          el('span', { id: 'task-' + task.id, hidden: true, text: task.partner + ' ' + task.kind + ' ' + shortId(task.id) })));
    });
    show([
      el('h1', { text: t('tasks.title') }),
      rows.length ? table(t('tasks.caption', { count: page.total }), [t('col.partner'), t('col.kind'), t('col.object'),
        t('col.subject'), t('col.attempts'), t('col.lastError'), t('col.created'), t('col.actions')], rows, { id: 'tasks' })
        : el('p', { text: t('tasks.none') })
    ], true);
  }

  // ---- start ------------------------------------------------------------------------------------------------

  async function getJson(url) {
    var response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'omit', cache: 'no-store' });
    if (!response.ok) {
      throw new Error(url + ': HTTP ' + response.status);
    }
    return response.json();
  }

  async function boot() {
    var asked = new URLSearchParams(location.search).get('lang');
    if (asked === 'en' || asked === 'fr') {
      lang = asked;
    }
    renderChrome();
    document.getElementById('lang-switch').addEventListener('click', function () {
      lang = lang === 'fr' ? 'en' : 'fr';
      setStatus('');
      route();
    });
    document.getElementById('sign-out').addEventListener('click', signOut);
    window.addEventListener('hashchange', function () {
      setStatus(nextStatus || '');
      nextStatus = null;
      setAlert(null);
      route();
    });
    try {
      session.config = await getJson('config');
      session.discovery = await getJson(session.config.issuerUrl + '/.well-known/openid-configuration');
    } catch (e) {
      setAlert(new Error(t('auth.unavailable', { reason: e.message })));
      show([el('h1', { text: t('app.title') })]);
      return;
    }
    var params = new URLSearchParams(location.search);
    if (params.has('code') || params.has('error')) {
      try {
        await finishSignIn(params);
      } catch (e) {
        setAlert(e);
      }
    }
    route();
  }

  boot();
}());
