package io.dnwerks.customer.service;

import io.dnwerks.common.csv.CsvLine;
import io.dnwerks.common.csv.CsvStream;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.security.PersonalData;
import io.dnwerks.customer.repository.CustomerSearch;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Customers as CSV, streamed: the list's filters (or a segment's members), a page of
 * {@code dnwerks.customers.export-page-size} rows at a time by the list's keyset, each page written before the next is read, so memory stays
 * that of one page whatever the number of customers. Viewers get what the list shows them: phones and
 * e-mail addresses masked, no date of birth.
 */
@ApplicationScoped
public class CustomerExport {

    /** The columns, in the order the import reads them (issue 11's import takes the same header). */
    public static final List<String> HEADER = List.of("id", "firstName", "lastName", "phone", "country", "email", "dateOfBirth", "timezone",
            "preferredLanguage", "smsConsent", "emailConsent", "doNotContact", "consentGivenAt", "consentSource", "source", "tags",
            "createdAt", "updatedAt");

    // the tags by name, ;-separated, as a spreadsheet user reads them; a probe of customer_tags per row
    private static final String COLUMNS = "c.first_name, c.last_name, c.phone, c.country, c.email, c.date_of_birth, c.timezone,"
            + " c.preferred_language, c.sms_consent, c.email_consent, c.do_not_contact, c.consent_given_at, c.consent_source, c.source,"
            + " (SELECT string_agg(t.name, ';' ORDER BY t.name) FROM customer_tags ct JOIN tags t ON t.id = ct.tag_id"
            + " WHERE ct.customer_id = c.id), c.updated_at";

    private final CustomerSearch search;
    private final Pool pool;
    private final int pageSize;

    public CustomerExport(CustomerSearch search, Pool pool, CustomersConfig config) {
        this.search = search;
        this.pool = pool;
        this.pageSize = config.exportPageSize();
    }

    /** The CSV, its header first; a segment that does not exist fails it before a byte is written (404). */
    public Multi<String> csv(CustomerFilter filter, boolean personalData) {
        Uni<String> header = (filter.segmentId() == null ? Uni.createFrom().voidItem()
                : pool.preparedQuery("SELECT 1 FROM customer_segments WHERE id = $1").execute(Tuple.of(filter.segmentId()))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().<Void>failure(ApiException.notFound("segment", filter.segmentId()))
                        : Uni.createFrom().voidItem())).replaceWith(CsvLine.of(HEADER));
        return CsvStream.<List<String>>of(header, null, after -> search.rows(filter, personalData, after, pageSize, COLUMNS)
                .map(rows -> page(rows, filter, personalData)));
    }

    private CsvStream.Page<List<String>> page(RowSet<Row> rows, CustomerFilter filter, boolean personalData) {
        StringBuilder out = new StringBuilder();
        Row last = null;
        for (Row r : rows) {
            out.append(CsvLine.of(line(r, personalData)));
            last = r;
        }
        List<String> after = last == null ? null : search.after(search.cursorOf(filter.sort(), last), filter.sort());
        return new CsvStream.Page<>(out.toString(), after, rows.size() == pageSize);
    }

    /** Row columns: 0-3 the order's keys (id, created_at, name keys), then {@link #COLUMNS}. */
    private static List<Object> line(Row r, boolean personalData) {
        String phone = r.getString(6);
        String email = r.getString(8);
        return new ArrayList<>(Arrays.asList(r.getUUID(0), r.getString(4), r.getString(5),
                personalData ? phone : PersonalData.phone(phone), r.getString(7), personalData ? email : PersonalData.email(email),
                personalData ? r.getLocalDate(9) : null, r.getString(10), r.getString(11), r.getBoolean(12), r.getBoolean(13),
                r.getBoolean(14), r.getOffsetDateTime(15), r.getString(16), r.getString(17), r.getString(18), r.getOffsetDateTime(1),
                r.getOffsetDateTime(19)));
    }
}
