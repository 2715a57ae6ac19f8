package io.privacyplatform.contracts.journal;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a service's access journal (policy §10): a read of personal data in clear or a decision. Pseudonymous
 * ids and codes only.
 *
 * @param position     the entry's place in the chain (gaps are rolled-back transactions, never deletions)
 * @param entryId      unique id of the entry
 * @param recordedAt   when the read or decision happened (microseconds)
 * @param actorKind    {@code token} (a bearer token: {@code actor} is its {@code sub}, {@code client} its
 *                     {@code azp}), {@code person-link} (a person's signed link: {@code actor} is the link id) or
 *                     {@code system} (no caller: a scheduled job)
 * @param actor        who: the token's subject, the link id, or the job's name
 * @param client       the client the token was issued to ({@code azp}); null for a link or a job
 * @param action       {@code READ} or {@code DECISION}
 * @param decision     for a decision, what was decided (e.g. {@code approve}); null for a read
 * @param categories   the data categories read or decided on (codes, e.g. {@code request-details})
 * @param subjectId    the pseudonymous subject concerned, when known
 * @param requestId    the request concerned, when there is one
 * @param endpoint     method and path template of the call (e.g. {@code GET /requests/{id}})
 * @param previousHash the hash of the entry before (or of the last purged one)
 * @param hash         SHA-256 over {@code previousHash} and this entry's fields
 */
public record AccessJournalEntry(long position, String entryId, Instant recordedAt, String actorKind, String actor,
                                 String client, String action, String decision, List<String> categories,
                                 String subjectId, String requestId, String endpoint, String previousHash, String hash) {
}
