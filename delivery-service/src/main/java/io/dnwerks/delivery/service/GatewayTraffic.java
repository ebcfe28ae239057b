package io.dnwerks.delivery.service;

import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.validation.Patterns;
import io.dnwerks.delivery.provider.GatewayEvents;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What every gateway hands in, whichever way it came (webhook or session): receipts go to the journal,
 * inbound messages to the inbound path, each checked the same way for every gateway.
 */
@ApplicationScoped
public class GatewayTraffic implements GatewayEvents {

    private static final int MAX_TEXT = 1600;
    private static final Pattern E164 = Pattern.compile(Patterns.E164);

    private final ReceiptService receipts;
    private final InboundService inbound;

    public GatewayTraffic(ReceiptService receipts, InboundService inbound) {
        this.receipts = receipts;
        this.inbound = inbound;
    }

    @Override
    public Uni<Void> receipts(String gateway, List<Receipt> batch) {
        return receipts.acceptAll(gateway, batch);
    }

    @Override
    public Uni<InboundResult> inbound(String gateway, Inbound m) {
        String id = m.externalId();
        if (id == null || id.isBlank() || id.length() > 255) {
            throw ApiException.invalid("messageId", "is required, at most 255 characters");
        }
        if (m.from() == null || !E164.matcher(m.from()).matches()) {
            throw ApiException.invalid("from", Patterns.E164_MESSAGE);
        }
        if (m.to() != null && !E164.matcher(m.to()).matches()) {
            throw ApiException.invalid("to", Patterns.E164_MESSAGE);
        }
        String text = m.text();
        if (text == null || text.length() > MAX_TEXT || text.indexOf('\0') >= 0) {
            throw ApiException.invalid("text", "is required, at most " + MAX_TEXT + " characters, without NUL");
        }
        return inbound.receive(new InboundService.Received(gateway, id, m.from(), m.to(), text, receivedAt(m.at())))
                .map(stored -> new InboundResult(stored.id(), stored.keyword(), stored.duplicate()));
    }

    /** The gateway's time, unless it is missing or further than a day from ours (its clock is not trusted beyond that). */
    private static OffsetDateTime receivedAt(OffsetDateTime at) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        if (at == null) {
            return now;
        }
        OffsetDateTime when = at.truncatedTo(ChronoUnit.MICROS);
        if (when.isBefore(now.minusDays(1)) || when.isAfter(now.plusMinutes(5))) {
            throw ApiException.invalid("at", "must be within the last day");
        }
        return when;
    }
}
