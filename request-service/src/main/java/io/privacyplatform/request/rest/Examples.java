package io.privacyplatform.request.rest;

/** OpenAPI examples (JSON), one place for all endpoints. Ids, names and addresses are made up. */
final class Examples {

    static final String REGISTER_PARTNER = """
            {"partners":[{"system":"hubspot","name":"HubSpot","role":"Gestion de la relation client",
             "address":"25 First ST, 02141 Cambridge, United States","country":"US",
             "privacyPolicy":"https://legal.hubspot.com/privacy-policy","transferOutsideEu":true,
             "transferSafeguard":"Décision d'adéquation ou clauses contractuelles types (RGPD art. 45 et 46)","section":"§6"}],
             "systems":[{"name":"hubspot","kind":"processor","owner":"partner-sync-service",
             "dataCategories":["first-name","last-name","email","phone","partner-interest"],
             "purposes":["customer-inquiries","prospection","marketing-email"],"hosting":"partner","connected":true,
             "operations":["erase","rectify","restrict","export"]}]}""";
    static final String ERASURE = """
            {"type":"ERASURE"}""";
    static final String ACCESS = """
            {"type":"ACCESS","details":"Please include what your partners hold."}""";
    static final String RECTIFICATION = """
            {"type":"RECTIFICATION","corrections":[{"field":"last-name","value":"Martin"},{"field":"email","value":"camille.martin@example.fr"}]}""";
    static final String RESTRICTION = """
            {"type":"RESTRICTION","ground":"ACCURACY_CONTESTED","details":"My phone number is wrong."}""";
    static final String PORTABILITY = """
            {"type":"PORTABILITY","details":"I am moving to another provider."}""";
    static final String TRANSMISSION_UNAVAILABLE = """
            {"type":"about:blank","title":"Unprocessable request","status":422,"instance":"/requests",
             "detail":"Direct transmission to another controller (GDPR Art. 20(2)) is not available yet: file without transmitTo and send the downloaded export.",
             "errors":[{"field":"transmitTo","message":"direct transmission to another controller (GDPR Art. 20(2)) is not available yet: file without transmitTo and send the downloaded export"}]}""";
    static final String OBJECTION_PROSPECTION = """
            {"type":"OBJECTION","scope":"PROSPECTION"}""";
    static final String OBJECTION_PROCESSING = """
            {"type":"OBJECTION","scope":"PROCESSING","purposes":["service-improvement"],"details":"Grounds relating to my situation."}""";
    static final String DIRECTIVES = """
            {"type":"POST_MORTEM_DIRECTIVES","action":"RECORD","directive":"TRANSMIT",
             "designatedPerson":{"name":"Jeanne Dupont","email":"jeanne.dupont@example.fr","relationship":"sister"},
             "instructions":"Send everything to my sister, then erase."}""";
    static final String ON_BEHALF = """
            {"subjectId":"usr-7f3a","identityCheck":{"method":"EMAIL_ON_FILE","note":"Reply from the address on file, 2026-03-02"},
             "request":{"type":"ERASURE"}}""";
    static final String ON_BEHALF_HEIR = """
            {"subjectId":"usr-7f3a","identityCheck":{"method":"PROOF_OF_DEATH_AND_HEIRSHIP"},
             "request":{"type":"HEIR","dateOfDeath":"2026-01-12",
               "proofOfDeath":{"kind":"DEATH_CERTIFICATE","reference":"Mairie de Lyon 2026-0112-45"},
               "heir":{"name":"Paul Dupont","email":"paul.dupont@example.fr","relationship":"son"},
               "proofOfHeirship":{"kind":"ACT_OF_NOTORIETY","reference":"Me Durand, notaire, 2026/118"},
               "ask":"CLOSE_ACCOUNT"}}""";

    static final String VIEW = """
            {"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","subjectId":"usr-7f3a","type":"ERASURE","channel":"PLATFORM",
             "status":"FILED","filedBy":"usr-7f3a","filedAt":"2026-01-31T10:15:30.123456Z","dueOn":"2026-02-28",
             "firstDueOn":"2026-02-28","details":{"type":"ERASURE"},"notices":[],
             "history":[{"seq":1,"kind":"FILED","to":"FILED","actor":"usr-7f3a","at":"2026-01-31T10:15:30.123456Z"}]}""";
    static final String VIEW_DUPLICATE = """
            {"id":"9a1c2b3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d","subjectId":"usr-7f3a","type":"ERASURE","channel":"PLATFORM","status":"FILED",
             "duplicateOf":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","dueOn":"2026-03-02","notices":[{"kind":"DUPLICATE",
             "at":"2026-02-02T08:00:00Z","text":"This request repeats open request 3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10; both are answered together."}]}""";
    static final String VIEW_REJECTED = """
            {"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","type":"ERASURE","status":"REJECTED",
             "rejection":{"ground":"LEGAL_CLAIMS","article":"GDPR Art. 17(3)(e)",
               "description":"The data is needed for the establishment, exercise or defence of legal claims.",
               "text":"A dispute about invoice 2025-118 is pending before the commercial court.",
               "complaint":"You may lodge a complaint with the CNIL (Commission nationale de l'informatique et des libertés, https://www.cnil.fr/fr/plaintes) and seek a judicial remedy (GDPR Art. 77 and 79)."},
             "notices":[{"kind":"REJECTED","at":"2026-02-03T09:00:00Z","text":"Your request is refused. …"}]}""";
    static final String VIEW_EXTENDED = """
            {"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","type":"ACCESS","status":"IN_PROGRESS","dueOn":"2026-04-30",
             "firstDueOn":"2026-02-28","extension":{"months":2,"reason":"Data held by three partners must be collected.",
             "by":"dpo-1","at":"2026-02-10T09:00:00Z"},"notices":[{"kind":"EXTENDED","at":"2026-02-10T09:00:00Z",
             "text":"Your request needs more time: the deadline is extended by 2 month(s), to 2026-04-30 (GDPR Art. 12(3)). Reason: Data held by three partners must be collected."}]}""";
    static final String VIEW_IN_PROGRESS = """
            {"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","type":"ERASURE","status":"IN_PROGRESS","dueOn":"2026-02-28",
             "history":[{"seq":1,"kind":"FILED","to":"FILED","actor":"usr-7f3a","at":"2026-01-31T10:15:30.123456Z"},
               {"seq":2,"kind":"APPROVED","from":"FILED","to":"IN_PROGRESS","actor":"dpo-1","at":"2026-02-01T09:00:00Z",
                "note":"erasure ordered 5b7d… to consent,retention,stripe,hubspot,openai,account-database; exemptions: stripe/billing-records"}]}""";
    static final String VIEW_COMPLETED = """
            {"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","type":"ACCESS","status":"PARTIALLY_COMPLETED",
             "closedAt":"2026-02-20T16:00:00Z","outcomeReasons":["OpenAI holds no export of conversation logs."],
             "notices":[{"kind":"PARTIALLY_COMPLETED","at":"2026-02-20T16:00:00Z","text":"Your request was completed in part: OpenAI holds no export of conversation logs."}]}""";
    static final String VIEW_LIFTED = """
            {"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","type":"RESTRICTION","status":"COMPLETED",
             "restriction":{"inForce":true,"liftAnnouncedAt":"2026-03-01T10:00:00Z","liftReason":"The phone number was checked and corrected."},
             "orders":[{"orderId":"7c1d2e3f-4a5b-4c6d-8e9f-0a1b2c3d4e5f","kind":"RESTRICTION","orderedAt":"2026-02-03T09:00:00Z",
               "awaiting":[],"systems":[{"system":"hubspot","kind":"processor","status":"APPLIED","confirmedAt":"2026-02-03T09:01:10Z",
               "evidence":[{"objectType":"contact","objectId":"901","action":"unsubscribe","result":"unsubscribed"}],"notices":[]},
               {"system":"stripe","kind":"processor","status":"not concerned by this order",
               "reason":"takes no part in restriction (its operations in the registry: erase, rectify, export)"}]}],
             "notifications":[{"id":"8c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f","kind":"RESTRICTION_LIFT","language":"fr","status":"PENDING",
               "attempts":0,"queuedAt":"2026-03-01T10:00:00Z","nextAttemptAt":"2026-03-01T10:00:00Z"}]}""";
    static final String PAGE = """
            {"items":[{"id":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","subjectId":"usr-7f3a","type":"ERASURE","channel":"PLATFORM",
              "status":"IN_PROGRESS","filedAt":"2026-01-31T10:15:30.123456Z","dueOn":"2026-02-28","extended":false,
              "attention":"no answer from hubspot within 168h of the order"}],"page":0,"size":50,"total":1}""";
    static final String RECEIPT = """
            {"requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","orderId":"5b7d0c2a-8e1f-4c3b-9d6e-2a4f8b1c7e90","status":"COMPLETED",
             "filedAt":"2026-01-31T10:15:30.123456Z","closedAt":"2026-02-01T09:03:12Z","systems":[{"system":"stripe","outcome":"PARTIALLY_ERASED",
             "confirmedAt":"2026-02-01T09:02:40Z","evidence":[{"objectType":"customer","objectId":"cus_R2x","action":"DELETE /v1/customers/{id}",
             "result":"deleted","verification":"GET returned deleted=true"}],"retained":[{"system":"stripe","dataCategory":"billing-records",
             "legalBasis":"French commercial code art. L123-22"}],"notices":[]}],"awaiting":[],
             "registeredSystems":[{"system":"stripe","kind":"processor","status":"PARTIALLY_ERASED","confirmedAt":"2026-02-01T09:02:40Z",
             "evidence":[{"objectType":"customer","objectId":"cus_R2x","action":"DELETE /v1/customers/{id}","result":"deleted",
             "verification":"GET returned deleted=true"}],"notices":[]},
             {"system":"request","kind":"service","status":"not concerned by this order",
             "reason":"request-service keeps the records of the requests as their proof (GDPR Art. 5(2)); no order changes them"}]}""";
    static final String RECTIFICATION_VALUES = """
            {"requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","orderId":"c3d4e5f6-0718-4293-a4b5-c6d7e8f90a1b","subjectId":"usr-7f3a",
             "corrections":[{"field":"last-name","value":"Martin"},{"field":"email","value":"camille.martin@example.fr"}]}""";
    static final String VERIFIED = """
            {"intact":true,"requests":1,"entries":4,"broken":[]}""";
    static final String VERIFIED_BROKEN = """
            {"intact":false,"requests":1250,"entries":6011,"broken":[{"requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10",
             "seq":2,"reason":"its content does not match its hash"}]}""";
    static final String REJECT = """
            {"ground":"LEGAL_CLAIMS","text":"A dispute about invoice 2025-118 is pending before the commercial court."}""";
    static final String EXTEND = """
            {"months":2,"reason":"Data held by three partners must be collected."}""";
    static final String COMPLETE = """
            {"outcome":"PARTIALLY_COMPLETED","reasons":["OpenAI holds no export of conversation logs."]}""";
    static final String LIFT = """
            {"reason":"The phone number was checked and corrected."}""";

    private Examples() {
    }

    static final String EXPORT_PENDING = """
            {"requestId":"3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10","kind":"ACCESS","status":"PENDING",
             "createdAt":"2026-02-02T09:00:00Z","readyAt":null,"linkExpiresAt":null,"downloads":0,
             "slices":[{"service":"consent-service","status":"RECEIVED","attempts":1,"lastError":null,
                        "lastAttemptAt":"2026-02-02T09:00:02Z","nextAttemptAt":null},
                       {"service":"partner-sync-service","status":"RECEIVED","attempts":1,"lastError":null,
                        "lastAttemptAt":"2026-02-02T09:00:02Z","nextAttemptAt":null},
                       {"service":"retention-service","status":"FAILED","attempts":3,"lastError":"HTTP_503",
                        "lastAttemptAt":"2026-02-02T09:03:32Z","nextAttemptAt":"2026-02-02T09:05:32Z"}],
             "waitingFor":["retention-service (HTTP_503)"]}""";

    static final String EXPORT_LINK = """
            {"href":"/requests/3f0e6c1e-1d4b-4a8e-9a53-6f6f3f7c2a10/export?format=json&token=q3J0Zl9hY2Nlc3NfdG9rZW5fZXhhbXBsZQ",
             "expiresAt":"2026-02-09T09:10:00Z"}""";

    static final String EXPORT_CSV = """
            table,record,field,value
            export,1,kind,PORTABILITY
            consents,1,purpose,marketing-email
            consents,1,granted,true
            partnerData,1,field,email
            """;
    static final String STATUS_PAGE = """
            <html lang="fr"> … <h1>Effacement de vos données (article 17 du RGPD)</h1> … <dt>Où en est-elle</dt>
            <dd>Acceptée, en cours de traitement</dd><dt>Reçue le</dt><dd>31 janvier 2026</dd>
            <dt>Réponse au plus tard le</dt><dd>28 février 2026</dd> …""";
    static final String STATUS_REFUSED = """
            <html lang="fr"> … <h1>Ce lien n'ouvre aucune demande</h1> … <h2>This link does not open any request</h2> …""";
    static final String PERSON_LINKS = """
            [{"id":"6f1c2a9e-0b7d-4f7e-9c51-2b8d3e4f5a60","issuedAt":"2026-02-01T09:00:00Z","expiresAt":"2026-04-02T09:00:00Z",
              "revokedAt":null,"revokedBy":null,"opened":3,"state":"LIVE"}]""";
    static final String PERSON_LINKS_REVOKED = """
            {"requestId":"0b6f3c1e-8a2d-4b7f-9e15-3c4d5e6f7a80","revoked":2}""";
}
