package io.dnwerks.common.csv;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CsvLineTest {

    @Test
    void fieldsAreQuotedOnlyWhenTheyMustBe() {
        assertEquals("a,b,,3,true\r\n", CsvLine.of(Arrays.asList("a", "b", null, 3, true)));
        assertEquals("\"Lima, Ana\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n", CsvLine.of(List.of("Lima, Ana", "say \"hi\"", "two\nlines")));
        assertEquals("\r\n", CsvLine.of(List.of()));
    }

    @Test
    void aCellASpreadsheetWouldRunIsDefused() {
        assertEquals("\"'=HYPERLINK(\"\"x\"\")\",'@SUM(A1),'-1+2,'+cmd\r\n",
                CsvLine.of(List.of("=HYPERLINK(\"x\")", "@SUM(A1)", "-1+2", "+cmd")));
        // phone numbers and negative numbers stay as they are
        assertEquals("+4915112345678,+1 (212) 555-0123,-42\r\n", CsvLine.of(List.of("+4915112345678", "+1 (212) 555-0123", "-42")));
        assertEquals("+49*******5678\r\n", CsvLine.of(List.of("+49*******5678")));
    }
}
