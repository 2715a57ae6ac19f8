package io.privacyplatform.request.rest;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A value of the CSV export never reaches a spreadsheet as a formula, whatever leads it (CSV injection). */
class CsvCellTest {

    @Test
    void everyCharacterThatLeadsAFormulaIsNeutralisedByAQuote() {
        for (String formula : new String[]{"=1+1", "+1", "-1", "@SUM(A1)", "\t=1+1", "\r=1+1",
                "\uFF1D1+1", "\uFF0B1", "\uFF0D1", "\uFF20SUM(A1)"}) {
            String cell = ExportFormats.cell(formula);
            assertEquals("\"'" + formula.replace("\"", "\"\"") + "\"", cell, formula);
        }
    }

    @Test
    void ordinaryValuesStayAsTheyAreAndSeparatorsAreQuoted() {
        assertEquals("ada@example.test", ExportFormats.cell("ada@example.test"));
        assertEquals("marketing-email", ExportFormats.cell("marketing-email"));
        assertEquals("\"a,b\"", ExportFormats.cell("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", ExportFormats.cell("say \"hi\""));
        assertEquals("", ExportFormats.cell(""));
    }
}
