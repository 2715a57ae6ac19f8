package io.privacyplatform.retention.service;

import io.privacyplatform.contracts.export.RetentionExport;
import io.privacyplatform.contracts.subject.SubjectContactDetails;
import io.privacyplatform.retention.datastore.Datastores;
import io.privacyplatform.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the company datastores hold of a subject, read on request: the export slices (the manifests' export columns)
 * and the contact emails (their contact columns). Personal data: returned to the caller, never logged. A datastore
 * that cannot be read answers 503, so that the caller asks again later rather than getting a partial answer.
 */
@ApplicationScoped
public class DatastoreSubjectData {

    private final Datastores datastores;

    DatastoreSubjectData(Datastores datastores) {
        this.datastores = datastores;
    }

    /** One slice per datastore holding rows of the subject, its tables without a row left out. */
    public List<RetentionExport.DatastoreSlice> exportSlices(String subjectId) {
        List<RetentionExport.DatastoreSlice> slices = new ArrayList<>();
        for (String datastore : datastores.names()) {
            Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
            try {
                datastores.export(datastore, subjectId).forEach((table, rows) -> {
                    if (!rows.isEmpty()) {
                        tables.put(table, rows);
                    }
                });
            } catch (SQLException e) {
                throw unavailable(datastore);
            }
            if (!tables.isEmpty()) {
                slices.add(new RetentionExport.DatastoreSlice(datastore, tables));
            }
        }
        return slices;
    }

    /** The subject's email addresses from every datastore's contact column; empty when none holds one. */
    public Optional<SubjectContactDetails> contact(String subjectId) {
        Set<String> emails = new LinkedHashSet<>();
        for (String datastore : datastores.names()) {
            try {
                datastores.contactEmail(datastore, subjectId).map(String::trim).filter(e -> !e.isEmpty()).ifPresent(emails::add);
            } catch (SQLException e) {
                throw unavailable(datastore);
            }
        }
        return emails.isEmpty() ? Optional.empty() : Optional.of(new SubjectContactDetails(subjectId, List.copyOf(emails)));
    }

    private static ProblemException unavailable(String datastore) {
        return new ProblemException(503, "Datastore unavailable", "Datastore " + datastore
                + " cannot be read right now; ask again later.");
    }
}
