package io.dnwerks.delivery.service;

import io.dnwerks.common.id.Ids;
import io.dnwerks.common.outbox.Outbox;
import io.dnwerks.common.outbox.OutgoingEvent;
import io.dnwerks.common.tx.ConnectionTx;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.contracts.delivery.InboundMessageReceived;
import io.dnwerks.contracts.delivery.KeywordReceived;
import io.dnwerks.delivery.domain.KeywordMatcher;
import io.dnwerks.delivery.domain.KeywordMatcher.Kind;
import io.dnwerks.delivery.domain.Suppression;
import io.dnwerks.delivery.repository.InboundRepository;
import io.dnwerks.delivery.repository.InboundRepository.Inbound;
import io.dnwerks.delivery.repository.InboundRepository.Stored;
import io.dnwerks.delivery.repository.RecipientRepository;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * An SMS a phone sent us, from any gateway: stored once per gateway id, published, and if it is a
 * keyword acted on in the same transaction. A STOP suppresses the number at once (dispatch checks the
 * list before every hand-over) and ends the customer's pending messages; a START lifts an opt-out
 * (never do-not-contact); each keyword owes one reply, which {@link ReplySender} sends.
 */
@ApplicationScoped
public class InboundService {

    /** A received SMS as a gateway adapter hands it over, checked. */
    public record Received(String provider, String externalId, String from, String to, String text, OffsetDateTime at) {
    }

    private final Pool pool;
    private final InboundRepository inbound;
    private final RecipientRepository recipients;
    private final KeywordReplies keywords;
    private final Outbox outbox;

    public InboundService(Pool pool, InboundRepository inbound, RecipientRepository recipients, KeywordReplies keywords, Outbox outbox) {
        this.pool = pool;
        this.inbound = inbound;
        this.recipients = recipients;
        this.keywords = keywords;
        this.outbox = outbox;
    }

    public Uni<Stored> receive(Received m) {
        Optional<KeywordMatcher.Match> match = keywords.matcher().match(m.text());
        return Transactions.onConnection(pool, tx -> (match.isEmpty() ? Uni.createFrom().item(RecipientRepository.Known.NOTHING)
                        : recipients.known(tx, m.from()))
                .flatMap(known -> {
                    // a START cannot lift do-not-contact or a deletion: no "subscribed again" for it
                    boolean startThatCannotLift = match.map(k -> k.kind() == Kind.OPT_IN).orElse(false)
                            && known.suppressedReason() != null && !Suppression.OPTED_OUT.code.equals(known.suppressedReason());
                    KeywordReplies.Reply reply = startThatCannotLift ? null
                            : match.map(k -> keywords.reply(k, known.language())).orElse(null);
                    String keyword = match.map(k -> k.kind().code).orElse(null);
                    String language = reply != null ? reply.language() : match.map(KeywordMatcher.Match::language).orElse(null);
                    Inbound row = new Inbound(Ids.timeOrdered(), m.provider(), m.externalId(), m.from(), m.to(), m.text(), keyword,
                            language, m.at(), reply == null ? null : reply.text());
                    return inbound.insert(tx, row).call(stored -> stored.duplicate() ? Uni.createFrom().voidItem()
                            : effects(tx, row, match.orElse(null)));
                }));
    }

    private Uni<Void> effects(ConnectionTx tx, Inbound row, KeywordMatcher.Match match) {
        Uni<Void> published = publish(tx, InboundMessageReceived.TYPE, row.from(), new InboundMessageReceived(row.id(), row.provider(),
                row.from(), row.to(), row.body(), row.keyword(), row.language(), row.receivedAt()));
        if (match == null || match.kind() == Kind.HELP) {
            return published;
        }
        boolean optOut = match.kind() == Kind.OPT_OUT;
        RecipientRepository.Change change = new RecipientRepository.Change(row.from(), null, null,
                optOut ? Suppression.OPTED_OUT : null, Suppression.KEYWORD_SOURCE, row.receivedAt(), row.id());
        return published
                .chain(() -> recipients.apply(tx, List.of(change)))
                .chain(() -> publish(tx, optOut ? KeywordReceived.OPT_OUT : KeywordReceived.OPT_IN, row.from(),
                        new KeywordReceived(row.id(), row.from(), match.keyword(), row.language(), row.receivedAt())));
    }

    private Uni<Void> publish(ConnectionTx tx, String type, String key, Object payload) {
        return outbox.append(tx, new OutgoingEvent(InboundMessageReceived.TOPIC, "phone", key, type, payload)).replaceWithVoid();
    }
}
