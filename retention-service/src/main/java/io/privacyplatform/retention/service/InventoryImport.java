package io.privacyplatform.retention.service;

import io.privacyplatform.retention.DataCategory;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.ProblemException;
import io.privacyplatform.support.subject.SubjectId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bulk import of existing customers from CSV. Every row is checked like an API call; the valid rows are stored
 * in one transaction and every rejected row is reported with its line number and the reason (field and rule,
 * never the value, which may be personal data). A file that cannot be read as a whole (no header, unknown or
 * missing columns, too many rows) is refused with a 400 and nothing is stored.
 */
@ApplicationScoped
public class InventoryImport {

    public static final int MAX_ROWS = 100_000;
    private static final List<String> REQUIRED = List.of("subjectId", "purpose", "collectedAt");
    private static final List<String> KNOWN = List.of("subjectId", "purpose", "collectedAt", "lastActivityAt",
            "contractEndAt", "offerEndAt", "dataCategories");

    /** What happened to the file: rows read, stored, rejected, and why. */
    public record Report(int rows, int stored, int rejected, List<RowError> errors) {
    }

    /** @param line line number in the file (the header is line 1) */
    public record RowError(int line, String field, String reason) {
    }

    private final InventoryService inventory;

    InventoryImport(InventoryService inventory) {
        this.inventory = inventory;
    }

    /**
     * @param expiredAllowed whether rows already expired may be stored (the privacy officer); otherwise such a row
     *                       refuses the whole file with a 422 naming its line, as the sweep would erase it at once
     */
    @Transactional
    public Report load(String csv, boolean expiredAllowed) {
        String[] lines = csv.split("\r?\n", -1);
        if (lines.length == 0 || lines[0].isBlank()) {
            throw fileProblem("The file has no header line; expected columns " + KNOWN + ".");
        }
        List<String> header = List.of(lines[0].strip().split(",", -1)).stream().map(String::strip).toList();
        for (String column : header) {
            if (!KNOWN.contains(column)) {
                throw fileProblem("Unknown column in the header; allowed: " + KNOWN + ".");
            }
        }
        for (String required : REQUIRED) {
            if (!header.contains(required)) {
                throw fileProblem("The header lacks the required column " + required + ".");
            }
        }
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            index.put(header.get(i), i);
        }

        List<RowError> errors = new ArrayList<>();
        List<InventoryService.Upsert> valid = new ArrayList<>();
        List<Integer> validLines = new ArrayList<>();
        int rows = 0;
        for (int l = 1; l < lines.length; l++) {
            if (lines[l].isBlank()) {
                continue;
            }
            if (++rows > MAX_ROWS) {
                throw fileProblem("At most " + MAX_ROWS + " rows per import; split the file.");
            }
            int line = l + 1;
            String[] fields = lines[l].split(",", -1);
            if (fields.length != header.size()) {
                errors.add(new RowError(line, null, "has " + fields.length + " fields, the header has " + header.size()));
                continue;
            }
            List<RowError> rowErrors = new ArrayList<>();
            String subjectId = field(fields, index, "subjectId");
            if (subjectId == null || !subjectId.matches(SubjectId.PATTERN)) {
                rowErrors.add(new RowError(line, "subjectId", subjectId == null ? "is required" : SubjectId.MESSAGE));
            }
            String purpose = field(fields, index, "purpose");
            if (purpose == null) {
                rowErrors.add(new RowError(line, "purpose", "is required"));
            }
            Instant collectedAt = time(fields, index, "collectedAt", line, rowErrors);
            if (collectedAt == null && rowErrors.stream().noneMatch(e -> "collectedAt".equals(e.field()))) {
                rowErrors.add(new RowError(line, "collectedAt", "is required"));
            }
            Instant lastActivityAt = time(fields, index, "lastActivityAt", line, rowErrors);
            Instant contractEndAt = time(fields, index, "contractEndAt", line, rowErrors);
            Instant offerEndAt = time(fields, index, "offerEndAt", line, rowErrors);
            Set<DataCategory> categories = categories(field(fields, index, "dataCategories"), line, rowErrors);
            if (rowErrors.isEmpty()) {
                InventoryService.Checked checked = inventory.check(new InventoryService.Upsert(subjectId, purpose, categories,
                        collectedAt, lastActivityAt == null ? collectedAt : lastActivityAt, contractEndAt, offerEndAt, "import"), "");
                checked.errors().forEach(e -> rowErrors.add(new RowError(line, e.field(), e.message())));
                if (rowErrors.isEmpty()) {
                    valid.add(checked.upsert());
                    validLines.add(line);
                }
            }
            errors.addAll(rowErrors);
        }
        inventory.mergeAll(valid);
        if (!expiredAllowed) {
            inventory.refuseExpired(valid, i -> "line " + validLines.get(i));
        }
        return new Report(rows, valid.size(), rows - valid.size(), errors);
    }

    private static String field(String[] fields, Map<String, Integer> index, String column) {
        Integer i = index.get(column);
        if (i == null) {
            return null;
        }
        String value = fields[i].strip();
        return value.isEmpty() ? null : value;
    }

    /** An ISO-8601 instant ({@code 2024-03-01T09:00:00Z}) or date ({@code 2024-03-01}, midnight UTC). */
    private static Instant time(String[] fields, Map<String, Integer> index, String column, int line, List<RowError> errors) {
        String value = field(fields, index, column);
        if (value == null) {
            return null;
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new RowError(line, column, "must be an ISO-8601 instant (2024-03-01T09:00:00Z) or date (2024-03-01)"));
            return null;
        }
    }

    private static Set<DataCategory> categories(String value, int line, List<RowError> errors) {
        if (value == null) {
            return null;
        }
        Set<DataCategory> categories = EnumSet.noneOf(DataCategory.class);
        for (String code : value.split("\\|")) {
            DataCategory category = DataCategory.fromCode(code.strip()).orElse(null);
            if (category == null) {
                errors.add(new RowError(line, "dataCategories", "each must be one of " + DataCategory.codes()));
                return null;
            }
            categories.add(category);
        }
        return categories;
    }

    private static ProblemException fileProblem(String detail) {
        return new ProblemException(400, "Invalid import file", detail, List.of(new Problem.FieldError("file", detail)));
    }
}
