package io.dnwerks.delivery.service;

import io.dnwerks.common.csv.CsvLine;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A campaign's messages as CSV, streamed a page at a time (each page written before the next is
 * read), so memory stays one page's for a campaign of millions. Viewers get masked phone numbers.
 */
@ApplicationScoped
public class MessageExport {

    public static final List<String> HEADER = List.of("messageId", "customerId", "phone", "status", "error", "externalId", "retryCount",
            "outcomeUnknown", "createdAt", "sentAt", "deliveredAt", "consentGivenAt", "consentSource");

    /** Marks the end of the pages; never written. */
    private static final String END = new String("end");
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
        AtomicReference<UUID> after = new AtomicReference<>(BEFORE_ANY);
        AtomicBoolean done = new AtomicBoolean();
        Multi<String> pages = Multi.createBy().repeating()
                .uni(() -> done.get() ? Uni.createFrom().item(END) : messages.page(campaignId, status, after.get(), pageSize).map(rows -> {
                    if (rows.size() < pageSize) {
                        done.set(true);
                    }
                    return page(rows, masked, after);
                }))
                .until(chunk -> chunk == END);
        return Multi.createBy().concatenating().streams(Multi.createFrom().uni(header), pages).filter(chunk -> !chunk.isEmpty());
    }

    private static String page(RowSet<Row> rows, boolean masked, AtomicReference<UUID> after) {
        StringBuilder out = new StringBuilder();
        for (Row r : rows) {
            String phone = r.getString(2);
            out.append(CsvLine.of(Arrays.asList(r.getUUID(1), r.getUUID(0), masked ? PersonalData.phone(phone) : phone, r.getString(3),
                    r.getString(4), r.getString(5), r.getInteger(6), r.getBoolean(7), r.getOffsetDateTime(8), r.getOffsetDateTime(9),
                    r.getOffsetDateTime(10), r.getOffsetDateTime(11), r.getString(12))));
            after.set(r.getUUID(0));
        }
        return out.toString();
    }
}
