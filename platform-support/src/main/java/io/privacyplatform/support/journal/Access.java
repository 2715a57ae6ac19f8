package io.privacyplatform.support.journal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What one access journal entry records besides who and when: a read of personal data in clear or a decision, the
 * data categories, the subject and request concerned. {@code AccessJournal.record(Access.read(...).subject(id))}.
 */
public final class Access {

    /** A read of personal data in clear, or a decision. */
    public enum Action { READ, DECISION }

    private final Action action;
    private final String decision;
    private final List<DataCategory> categories;
    private String subjectId;
    private String requestId;
    private String personLinkId;

    private Access(Action action, String decision, DataCategory first, DataCategory... more) {
        this.action = action;
        this.decision = decision;
        List<DataCategory> all = new ArrayList<>();
        all.add(Objects.requireNonNull(first));
        Collections.addAll(all, more);
        this.categories = List.copyOf(all);
    }

    /** A read of {@code categories} in clear. */
    public static Access read(DataCategory first, DataCategory... more) {
        return new Access(Action.READ, null, first, more);
    }

    /** A decision ({@code what}: approve, reject, retry...) on {@code categories}. */
    public static Access decision(String what, DataCategory first, DataCategory... more) {
        return new Access(Action.DECISION, Objects.requireNonNull(what), first, more);
    }

    /** The pseudonymous subject concerned. */
    public Access subject(String subjectId) {
        this.subjectId = subjectId;
        return this;
    }

    /** The request concerned. */
    public Access request(Object requestId) {
        this.requestId = requestId == null ? null : requestId.toString();
        return this;
    }

    /** The caller is a person holding a signed link (no token): the link's id is the actor. */
    public Access throughPersonLink(Object linkId) {
        this.personLinkId = linkId == null ? null : linkId.toString();
        return this;
    }

    public Action action() {
        return action;
    }

    public String decision() {
        return decision;
    }

    public List<DataCategory> categories() {
        return categories;
    }

    public String subjectId() {
        return subjectId;
    }

    public String requestId() {
        return requestId;
    }

    public String personLinkId() {
        return personLinkId;
    }
}
