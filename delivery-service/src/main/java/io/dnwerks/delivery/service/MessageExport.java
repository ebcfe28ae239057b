package io.dnwerks.delivery.service;

import io.dnwerks.common.csv.CsvLine;
import io.dnwerks.common.csv.CsvStream;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.security.PersonalData;
import io.dnwerks.delivery.domain.MessageStatus;
import io.dnwerks.delivery.repository.MessageExportRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A campaign's messages as CSV, streamed a page at a time (each page written before the next is
 * read), so memory stays one page's for a campaign of millions. Viewers get masked phone numbers.
 */
@ApplicationScoped
public class MessageExport {

    public static final List<String> HEADER = List.of("messageId", "customerId", "phone", "status", "error", "externalId", "retryCount",
            "outcomeUnknown", "createdAt", "sentAt", "deliveredAt", "consentGivenAt", "consentSource");

    private static final UUID BEFORE_ANY = new UUID(0L, 0L);

    private final MessageExportRepository messages;
    private final int pageSize;

    public MessageExport(MessageExportRepository messages, ExportConfig config) {
        this.messages = messages;
        this.pageSize = config.pageSize();
    }

    /** The CSV, its header first; a campaign delivery has never heard of fails it before a byte is written (404). */
    public Multi<String> csv(UUID campaignId, MessageStatus status, boolean masked) {
        Uni<String> header = messages.campaignKnown(campaignId).flatMap(known -> known ? Uni.createFrom().item(CsvLine.of(HEADER))
                : Uni.createFrom().failure(ApiException.notFound("campaign", campaignId)));
        return CsvStream.of(header, BEFORE_ANY, after -> messages.page(campaignId, status, after, pageSize).map(rows -> page(rows, masked, after)));
    }

    private CsvStream.Page<UUID> page(RowSet<Row> rows, boolean masked, UUID after) {
        StringBuilder out = new StringBuilder();
        UUID last = after;
        for (Row r : rows) {
            String phone = r.getString(2);
            out.append(CsvLine.of(Arrays.asList(r.getUUID(1), r.getUUID(0), masked ? PersonalData.phone(phone) : phone, r.getString(3),
                    r.getString(4), r.getString(5), r.getInteger(6), r.getBoolean(7), r.getOffsetDateTime(8), r.getOffsetDateTime(9),
                    r.getOffsetDateTime(10), r.getOffsetDateTime(11), r.getString(12))));
            last = r.getUUID(0);
        }
        return new CsvStream.Page<>(out.toString(), last, rows.size() == pageSize);
    }
}
