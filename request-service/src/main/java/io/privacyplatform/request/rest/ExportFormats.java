package io.privacyplatform.request.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.privacyplatform.request.service.export.ExportLinks;
import io.privacyplatform.support.problem.Problem;
import io.privacyplatform.support.problem.Problems;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The export document as rows of one long-format table, {@code table,record,field,value}: a top-level array is a
 * table whose elements are records 1..n; a top-level object is a table with one record; the scalar header fields
 * (kind, requestId, subjectId, generatedAt, $schema) are the table {@code export}. Nested fields are named by their
 * path ({@code details.reason}, {@code history[2].note}). Used for CSV and for the HTML rendering; {@link #response}
 * answers a download in any format (the API's and the person's link's).
 */
final class ExportFormats {

    record Row(String table, int record, String field, String value) {
    }

    record Section(String table, List<Row> rows) {
    }

    static final List<String> FORMATS = List.of("json", "html", "csv");

    private ExportFormats() {
    }

    /** The format asked for ({@code json} when none), or 400 naming {@code format}. */
    static String format(String requested) {
        String chosen = requested == null ? "json" : requested;
        if (!FORMATS.contains(chosen)) {
            throw Problems.invalid("Unknown export format.", List.of(new Problem.FieldError("format", "must be json, html or csv")));
        }
        return chosen;
    }

    /** The downloaded document in the chosen format: JSON and CSV as attachments, HTML rendered by {@code page} (export.html). */
    static Response response(ExportLinks.Download download, String format, Template page) {
        JsonNode document = download.document();
        UUID id = download.job().requestId;
        String file = download.job().kind.toLowerCase() + "-export-" + id;
        return switch (format) {
            case "csv" -> Response.ok(csv(document), "text/csv; charset=utf-8")
                    .header("Content-Disposition", "attachment; filename=\"" + file + ".csv\"").build();
            case "html" -> Response.ok(page.data("kind", download.job().kind).data("requestId", id)
                    .data("generatedAt", document.path("generatedAt").asText())
                    .data("schema", document.path("$schema").asText())
                    .data("sections", sections(document)).render(), MediaType.TEXT_HTML + "; charset=utf-8").build();
            default -> Response.ok(document, MediaType.APPLICATION_JSON)
                    .header("Content-Disposition", "attachment; filename=\"" + file + ".json\"").build();
        };
    }

    static List<Row> rows(JsonNode document) {
        List<Row> rows = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> top = it.next();
            JsonNode value = top.getValue();
            if (value.isArray()) {
                int record = 0;
                for (JsonNode element : value) {
                    flatten(rows, top.getKey(), ++record, "", element);
                }
            } else if (value.isObject()) {
                flatten(rows, top.getKey(), 1, "", value);
            } else {
                rows.add(new Row("export", 1, top.getKey(), value.isNull() ? "" : value.asText()));
            }
        }
        return rows;
    }

    private static void flatten(List<Row> rows, String table, int record, String path, JsonNode node) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> flatten(rows, table, record, path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                flatten(rows, table, record, path + "[" + i++ + "]", element);
            }
        } else {
            rows.add(new Row(table, record, path.isEmpty() ? "value" : path, node.isNull() ? "" : node.asText()));
        }
    }

    /** RFC 4180 CSV with a header line. */
    static String csv(JsonNode document) {
        StringBuilder out = new StringBuilder("table,record,field,value\r\n");
        for (Row row : rows(document)) {
            out.append(cell(row.table())).append(',').append(row.record()).append(',')
                    .append(cell(row.field())).append(',').append(cell(row.value())).append("\r\n");
        }
        return out.toString();
    }

    /**
     * Characters that make a spreadsheet read a cell as a formula when they lead it (CSV injection, OWASP): = + - @, the
     * tab and carriage return some spreadsheets skip before one, and their full-width forms that some normalise.
     */
    private static final String FORMULA_LEADS = "=+-@\t\r\uFF1D\uFF0B\uFF0D\uFF20";

    static String cell(String value) {
        boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
        // A cell that a spreadsheet would run as a formula is prefixed with a quote, so that it is shown as text.
        boolean formula = !value.isEmpty() && FORMULA_LEADS.indexOf(value.charAt(0)) >= 0;
        String safe = formula ? "'" + value : value;
        return quote || formula ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }

    static List<Section> sections(JsonNode document) {
        Map<String, List<Row>> byTable = new LinkedHashMap<>();
        for (Row row : rows(document)) {
            byTable.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
        }
        return byTable.entrySet().stream().map(e -> new Section(e.getKey(), e.getValue())).toList();
    }
}
