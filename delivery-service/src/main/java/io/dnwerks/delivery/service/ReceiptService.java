package io.dnwerks.delivery.service;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.delivery.domain.CampaignMessage;
import io.dnwerks.delivery.messaging.ReceiptJournal;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.dnwerks.delivery.repository.ReceiptRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks delivery receipts and journals them (see {@link ReceiptJournal}); ReceiptConsumer applies them.
 * Everything the database would refuse is refused here, with the field named, so that one bad receipt
 * cannot fail the statement it would share with others.
 */
@ApplicationScoped
public class ReceiptService {

    private static final int MAX_EXTERNAL_ID = 255;
    private static final java.util.Set<String> STATUSES = java.util.Set.of("delivered", "failed", "bounced", "rejected");

    /** Receipt times PostgreSQL and every reader can hold; a gateway's clock is not trusted beyond them. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);

    private final ReceiptJournal journal;

    public ReceiptService(ReceiptJournal journal) {
        this.journal = journal;
    }

    /**
     * A gateway's receipts, already in our vocabulary: every one is checked before any is journaled (a bad
     * one refuses the whole request, naming its field with the receipt's prefix); completes once journaled.
     */
    public Uni<Void> acceptAll(String gateway, List<GatewayEvents.Receipt> batch) {
        List<ReceiptRepository.Receipt> checked = new ArrayList<>(batch.size());
        batch.forEach(r -> checked.add(checked(r)));
        return checked.isEmpty() ? Uni.createFrom().voidItem() : journal.journal(gateway, checked);
    }

    private static ReceiptRepository.Receipt checked(GatewayEvents.Receipt raw) {
        String field = raw.field();
        String externalId = raw.externalId();
        String error = raw.error();
        if (externalId == null || externalId.isBlank()) {
            throw ApiException.invalid(field + "externalId", "is required");
        }
        if (externalId.length() > MAX_EXTERNAL_ID) {
            // longer than any id we store: it would fail the statement that applies its neighbours too
            throw ApiException.invalid(field + "externalId", "must be at most " + MAX_EXTERNAL_ID + " characters");
        }
        if (externalId.indexOf('\u0000') >= 0) {
            throw ApiException.invalid(field + "externalId", "must not contain a NUL character");
        }
        if (error != null && error.indexOf('\u0000') >= 0) {
            throw ApiException.invalid(field + "errorMessage", "must not contain a NUL character");
        }
        if (!STATUSES.contains(raw.status())) {
            throw ApiException.invalid(field + "status", "must be one of " + STATUSES);
        }
        OffsetDateTime when = raw.at() == null ? OffsetDateTime.now(ZoneOffset.UTC) : raw.at();
        if (when.isBefore(EARLIEST) || when.isAfter(LATEST)) {
            throw ApiException.invalid(field + "at", "must be between the years 2000 and 9999");
        }
        return new ReceiptRepository.Receipt(externalId, raw.messageId(), raw.status(), when, CampaignMessage.shortenedError(error));
    }
}
