package io.dnwerks.campaign.service;

import io.dnwerks.campaign.domain.Campaign;
import io.dnwerks.campaign.domain.CampaignStatus;
import io.dnwerks.campaign.domain.MessageVariables;
import io.dnwerks.campaign.messaging.CampaignEvents;
import io.dnwerks.campaign.repository.CampaignRepository;
import io.dnwerks.common.audit.AuditTrail;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.common.error.Problem;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Moves campaigns through their states: launch (now, or scheduled for later), pause, resume,
 * cancel, and the scheduler's launch of what is due. Each move locks the row, checks the
 * transition, and writes the change, its event and its audit record in one transaction.
 */
@ApplicationScoped
public class CampaignLifecycle {

    private final CampaignRepository campaigns;
    private final CampaignEvents events;
    private final AuditTrail audit;

    public CampaignLifecycle(CampaignRepository campaigns, CampaignEvents events, AuditTrail audit) {
        this.campaigns = campaigns;
        this.events = events;
        this.audit = audit;
    }

    /** Sends now, or schedules for scheduledAt when that is still ahead. */
    @WithTransaction
    public Uni<CampaignView> launch(UUID id) {
        return Transactions.current().flatMap(tx -> locked(id).flatMap(c -> {
            requireLaunchable(c);
            OffsetDateTime now = now();
            boolean later = c.scheduledAt != null && c.scheduledAt.isAfter(now) && !c.sendImmediately;
            return later
                    ? move(tx, c, CampaignStatus.SCHEDULED, CampaignEvents.SCHEDULED, x -> { })
                    : launchNow(tx, c);
        }));
    }

    @WithTransaction
    public Uni<CampaignView> pause(UUID id) {
        return Transactions.current().flatMap(tx -> locked(id).flatMap(c -> move(tx, c, CampaignStatus.PAUSED, CampaignEvents.PAUSED, x -> { })));
    }

    @WithTransaction
    public Uni<CampaignView> resume(UUID id) {
        return Transactions.current().flatMap(tx -> locked(id).flatMap(c -> move(tx, c, CampaignStatus.SENDING, CampaignEvents.RESUMED, x -> { })));
    }

    @WithTransaction
    public Uni<CampaignView> cancel(UUID id) {
        return Transactions.current().flatMap(tx -> locked(id).flatMap(c -> move(tx, c, CampaignStatus.CANCELLED, CampaignEvents.CANCELLED, x -> x.completedAt = x.updatedAt)));
    }

    /** Launches the scheduled campaigns that are due; safe to run on every replica at once. */
    @WithTransaction
    public Uni<Integer> launchDue(int limit) {
        return Transactions.current().flatMap(tx -> campaigns.lockDue(limit)
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(c -> launchNow(tx, c))
                        .collect().asList()
                        .map(List::size)));
    }

    /** Marks a sending campaign sent once delivery reports every message final, in the report's transaction. */
    public Uni<Boolean> completeIfDone(Tx tx, Campaign c) {
        if (c.status != CampaignStatus.SENDING) {
            return Uni.createFrom().item(false);
        }
        return move(tx, c, CampaignStatus.SENT, CampaignEvents.COMPLETED, x -> x.completedAt = x.updatedAt).replaceWith(true);
    }

    private Uni<CampaignView> launchNow(Tx tx, Campaign c) {
        return move(tx, c, CampaignStatus.SENDING, CampaignEvents.LAUNCHED, x -> x.launchedAt = x.updatedAt);
    }

    private Uni<CampaignView> move(Tx tx, Campaign c, CampaignStatus next, String eventType, Consumer<Campaign> alsoChange) {
        if (!c.status.canMoveTo(next)) {
            throw ApiException.conflict("invalid-transition", "a " + c.status.dbValue() + " campaign cannot become " + next.dbValue());
        }
        CampaignView before = CampaignView.of(c);
        c.status = next;
        c.updatedAt = now();
        alsoChange.accept(c);
        CampaignView after = CampaignView.of(c);
        Uni<Void> event = CampaignEvents.LAUNCHED.equals(eventType) ? events.launched(tx, c) : events.stateChanged(tx, c, eventType);
        return event.chain(() -> audit.updated(tx, CampaignService.TABLE, c.id, before, after)).replaceWith(after);
    }

    private static void requireLaunchable(Campaign c) {
        if (c.status != CampaignStatus.DRAFT) {
            throw ApiException.conflict("invalid-transition", "only a draft can be launched; this campaign is " + c.status.dbValue());
        }
        if (c.audience == null || c.audience.reachesNobody()) {
            throw ApiException.invalid("audience", "a campaign needs an audience to launch: {\"all\":true}, tagIds, segmentIds or customerIds");
        }
        String problem = MessageVariables.problemIn(c.messageContent);
        if (problem != null) {
            throw new ApiException(Problem.of(jakarta.ws.rs.core.Response.Status.BAD_REQUEST, "validation", "the message cannot be sent")
                    .withErrors(List.of(new Problem.FieldError("messageContent", problem))));
        }
    }

    private Uni<Campaign> locked(UUID id) {
        return campaigns.findForUpdate(id).onItem().ifNull().failWith(() -> ApiException.notFound("campaign", id));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }
}
