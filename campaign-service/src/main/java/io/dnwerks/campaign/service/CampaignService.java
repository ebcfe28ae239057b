package io.dnwerks.campaign.service;

import io.dnwerks.campaign.domain.Campaign;
import io.dnwerks.contracts.campaign.SendingWindow;
import io.dnwerks.campaign.domain.CampaignStatus;
import io.dnwerks.campaign.domain.MessageVariables;
import io.dnwerks.campaign.messaging.CampaignEvents;
import io.dnwerks.campaign.repository.CampaignProgressRepository;
import io.dnwerks.campaign.repository.CampaignRepository;
import io.dnwerks.campaign.repository.MessageTemplateRepository;
import io.dnwerks.common.audit.AuditTrail;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.tx.Transactions;
import io.dnwerks.common.tx.Tx;
import io.dnwerks.common.id.Ids;
import io.dnwerks.common.idempotency.IdempotencyKeys;
import io.dnwerks.common.idempotency.Replayable;
import io.dnwerks.common.rest.CursorPage;
import io.dnwerks.common.rest.Cursors;
import io.dnwerks.common.security.CurrentActor;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

@ApplicationScoped
public class CampaignService {

    static final String TABLE = "campaigns";

    private final CampaignRepository campaigns;
    private final CampaignEvents events;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final IdempotencyKeys idempotency;
    private final MessageTemplateRepository templates;
    private final CampaignProgressRepository progress;

    public CampaignService(CampaignRepository campaigns, CampaignEvents events, AuditTrail audit, CurrentActor actor,
                           IdempotencyKeys idempotency, MessageTemplateRepository templates, CampaignProgressRepository progress) {
        this.campaigns = campaigns;
        this.events = events;
        this.audit = audit;
        this.actor = actor;
        this.idempotency = idempotency;
        this.templates = templates;
        this.progress = progress;
    }

    /**
     * A new campaign is a draft; launching and scheduling are separate steps. A retry with the same
     * Idempotency-Key gets the first answer back instead of a second draft.
     */
    @WithTransaction
    public Uni<Replayable<CampaignView>> create(CampaignData d, String idempotencyKey) {
        String scope = "campaigns.create:" + actor.get().userId();
        return Transactions.current().flatMap(tx -> idempotency.once(tx, scope, idempotencyKey, d, CampaignView.class,
                () -> insert(tx, d)));
    }

    private Uni<CampaignView> insert(Tx tx, CampaignData d) {
        if (d.templateId() == null) {
            return insert(tx, d, d.messageContent());
        }
        return templates.findById(d.templateId())
                .onItem().ifNull().failWith(() -> ApiException.invalid("templateId", "no template has this id"))
                .flatMap(t -> insert(tx, d, d.messageContent() == null || d.messageContent().isBlank() ? t.content : d.messageContent()));
    }

    private Uni<CampaignView> insert(Tx tx, CampaignData d, String content) {
        String unclosed = MessageVariables.unclosedProblemIn(content);
        if (unclosed != null) {
            throw ApiException.invalid("messageContent", unclosed);
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
        Campaign c = new Campaign();
        c.id = Ids.timeOrdered();
        c.name = d.name().strip();
        c.description = d.description();
        c.messageContent = content;
        c.templateId = d.templateId();
        c.audience = d.audience() == null || d.audience().isEmpty() ? null : d.audience();
        c.scheduledAt = d.scheduledAt() == null ? null : d.scheduledAt().withOffsetSameInstant(ZoneOffset.UTC);
        c.status = CampaignStatus.DRAFT;
        c.createdBy = actor.get().userId();
        c.createdAt = now;
        c.updatedAt = now;
        c.sendImmediately = Boolean.TRUE.equals(d.sendImmediately());
        c.timezone = d.timezone() == null ? "UTC" : d.timezone();
        c.maxRetries = d.maxRetries() == null ? 3 : d.maxRetries();
        c.retryDelayMinutes = d.retryDelayMinutes() == null ? 15 : d.retryDelayMinutes();
        c.priority = d.priority() == null ? 0 : d.priority();
        // stored as it will be read: "10:00-18:00 MON-FRI", whatever spacing or case it was written with
        c.sendingWindow = d.sendingWindow() == null ? null : SendingWindow.parse(d.sendingWindow()).toString();
        c.sendAtLocalTime = d.sendAtLocalTime();
        c.deadline = d.deadline() == null ? null : d.deadline().withOffsetSameInstant(ZoneOffset.UTC);
        c.senderId = d.senderId();
        CampaignView view = CampaignView.of(c);
        return campaigns.persist(c)
                .call(() -> events.created(tx, view))
                .call(() -> audit.inserted(tx, TABLE, c.id, view))
                .replaceWith(view);
    }

    @WithSession
    public Uni<CampaignView> get(UUID id) {
        return campaigns.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("campaign", id))
                .map(CampaignView::of);
    }

    @WithSession
    public Uni<CursorPage<CampaignView>> list(Integer limit, String cursor, CampaignStatus status) {
        int size = CursorPage.clamp(limit);
        return campaigns.page(Cursors.decodeUuid(cursor), size + 1, status)
                .map(rows -> CursorPage.of(rows, size, CampaignView::of, c -> Cursors.encode(c.id.toString())));
    }

    @WithSession
    public Uni<CampaignStats> stats(UUID id) {
        return campaigns.findById(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("campaign", id))
                .flatMap(c -> progress.findById(id).map(p -> CampaignStats.of(c, p)));
    }
}
