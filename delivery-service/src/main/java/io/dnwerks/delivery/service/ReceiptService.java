package io.dnwerks.delivery.service;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.error.Problem;
import io.dnwerks.delivery.domain.CampaignMessage;
import io.dnwerks.delivery.messaging.ReceiptJournal;
import io.dnwerks.delivery.repository.ReceiptRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks delivery receipts and journals them (see {@link ReceiptJournal}); ReceiptConsumer applies them.
 * Everything the database would refuse is refused here, with the field named, so that one bad receipt
 * cannot fail the statement it would share with others.
 */
@ApplicationScoped
public class ReceiptService {

    /** Gateway vocabularies mapped onto ours; anything else is refused. */
    private static final int MAX_EXTERNAL_ID = 255;

    private static final Map<String, String> STATUS = Map.of(
            "delivered", "delivered",
            "failed", "failed",
            "undelivered", "failed",
            "expired", "failed",
            "bounced", "bounced",
            "rejected", "rejected");

    /** Receipt times PostgreSQL and every reader can hold; a gateway's clock is not trusted beyond them. */
    private static final OffsetDateTime EARLIEST = OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime LATEST = OffsetDateTime.of(9999, 12, 31, 23, 59, 59, 0, ZoneOffset.UTC);

    private final ReceiptJournal journal;

    public ReceiptService(ReceiptJournal journal) {
        this.journal = journal;
    }

    /** Checks one receipt and completes once it is journaled. */
    public Uni<Void> accept(String provider, RawReceipt raw) {
        return journal.journal(provider, List.of(receipt("", raw)));
    }

    /**
     * A gateway's batch of receipts: every one is checked before any is journaled (a bad one refuses the
     * whole request, naming it as {@code receipts[i].field}).
     */
    public Uni<Void> acceptAll(String provider, List<RawReceipt> batch) {
        List<ReceiptRepository.Receipt> checked = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            checked.add(receipt("receipts[" + i + "].", batch.get(i)));
        }
        return journal.journal(provider, checked);
    }

    /** A receipt as a gateway sent it, before it is checked. */
    public record RawReceipt(String externalId, String status, String at, String error) {
    }

    private static ReceiptRepository.Receipt receipt(String field, RawReceipt raw) {
        String externalId = raw.externalId();
        String providerStatus = raw.status();
        String at = raw.at();
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
        if (providerStatus == null) {
            throw ApiException.invalid(field + "status", "is required");
        }
        String status = STATUS.get(providerStatus.toLowerCase());
        if (status == null) {
            throw ApiException.invalid(field + "status", "must be one of " + STATUS.keySet());
        }
        OffsetDateTime when;
        try {
            when = at == null ? OffsetDateTime.now(ZoneOffset.UTC) : OffsetDateTime.parse(at);
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(field + "at", "must be an ISO-8601 time");
        }
        if (when.isBefore(EARLIEST) || when.isAfter(LATEST)) {
            throw ApiException.invalid(field + "at", "must be between the years 2000 and 9999");
        }
        return new ReceiptRepository.Receipt(externalId, status, when, CampaignMessage.shortenedError(error));
    }
}
