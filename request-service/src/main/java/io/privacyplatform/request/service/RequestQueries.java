package io.privacyplatform.request.service;

import io.privacyplatform.contracts.request.RequestType;
import io.privacyplatform.request.DataSubjectRequest;
import io.privacyplatform.request.RequestStatus;
import io.privacyplatform.request.config.RequestsConfig;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The lists of requests: the officer's queue and its views (overdue, due soon, attention), a subject's own requests. */
@ApplicationScoped
public class RequestQueries {

    private final Deadlines deadlines;
    private final RequestsConfig config;

    RequestQueries(Deadlines deadlines, RequestsConfig config) {
        this.deadlines = deadlines;
        this.config = config;
    }

    /** Which requests a list shows; null means any. */
    public record Filter(String subjectId, List<RequestStatus> statuses, RequestType type, LocalDate dueFrom,
                         LocalDate dueTo, boolean attention) {
    }

    public record Page(List<DataSubjectRequest> items, long total) {
    }

    /** A page of requests, most urgent deadline first. */
    public Page list(Filter filter, int page, int size) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new HashMap<>();
        if (filter.subjectId() != null) {
            where.add("subjectId = :subject");
            params.put("subject", filter.subjectId());
        }
        if (filter.statuses() != null) {
            where.add("status in :statuses");
            params.put("statuses", filter.statuses());
        }
        if (filter.type() != null) {
            where.add("type = :type");
            params.put("type", filter.type());
        }
        if (filter.dueFrom() != null) {
            where.add("dueOn >= :dueFrom");
            params.put("dueFrom", filter.dueFrom());
        }
        if (filter.dueTo() != null) {
            where.add("dueOn <= :dueTo");
            params.put("dueTo", filter.dueTo());
        }
        if (filter.attention()) {
            where.add("attentionSince is not null");
        }
        String query = (where.isEmpty() ? "" : String.join(" and ", where) + " ") + "order by dueOn, filedAt, id";
        PanacheQuery<DataSubjectRequest> found = DataSubjectRequest.find(query, params);
        return new Page(found.page(page, size).list(), found.count());
    }

    /** Open requests whose deadline has passed. */
    public Filter overdue() {
        return new Filter(null, RequestStatus.OPEN, null, null, deadlines.today().minusDays(1), false);
    }

    /** Open requests due today or within {@code days}. */
    public Filter dueSoon(Integer days) {
        LocalDate today = deadlines.today();
        return new Filter(null, RequestStatus.OPEN, null, today, today.plusDays(days == null ? config.dueSoonDays() : days), false);
    }

    /** Open requests an expected system left unanswered past the alert time. */
    public Filter attention() {
        return new Filter(null, RequestStatus.OPEN, null, null, null, true);
    }
}
