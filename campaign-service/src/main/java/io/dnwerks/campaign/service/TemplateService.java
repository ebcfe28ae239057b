package io.dnwerks.campaign.service;

import io.dnwerks.campaign.domain.MessageTemplate;
import io.dnwerks.campaign.domain.MessageVariables;
import io.dnwerks.campaign.repository.MessageTemplateRepository;
import io.dnwerks.common.audit.AuditTrail;
import io.dnwerks.common.error.ApiException;
import io.dnwerks.common.tx.Transactions;
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
import java.util.ArrayList;
import java.util.Set;
import java.util.UUID;

@ApplicationScoped
public class TemplateService {

    static final String TABLE = "message_templates";

    private final MessageTemplateRepository templates;
    private final AuditTrail audit;
    private final CurrentActor actor;
    private final IdempotencyKeys idempotency;

    public TemplateService(MessageTemplateRepository templates, AuditTrail audit, CurrentActor actor, IdempotencyKeys idempotency) {
        this.templates = templates;
        this.audit = audit;
        this.actor = actor;
        this.idempotency = idempotency;
    }

    /** Unknown {{variables}} are refused here already, so that no campaign inherits them. */
    @WithTransaction
    public Uni<Replayable<TemplateView>> create(TemplateData d, String idempotencyKey) {
        String problem = MessageVariables.problemIn(d.content());
        if (problem != null) {
            throw ApiException.invalid("content", problem);
        }
        String scope = "templates.create:" + actor.get().userId();
        return Transactions.current().flatMap(tx -> idempotency.once(tx, scope, idempotencyKey, d, TemplateView.class, () -> {
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
            MessageTemplate t = new MessageTemplate();
            t.id = Ids.timeOrdered();
            t.name = d.name().strip();
            t.description = d.description();
            t.content = d.content();
            t.variables = new ArrayList<>(MessageVariables.usedIn(d.content()));
            t.category = d.category();
            t.createdBy = actor.get().userId();
            t.createdAt = now;
            t.updatedAt = now;
            TemplateView view = TemplateView.of(t);
            return templates.persist(t).chain(() -> audit.inserted(tx, TABLE, t.id, view)).replaceWith(view);
        }));
    }

    @WithSession
    public Uni<TemplateView> get(UUID id) {
        return templates.findById(id).onItem().ifNull().failWith(() -> ApiException.notFound("template", id)).map(TemplateView::of);
    }

    @WithSession
    public Uni<CursorPage<TemplateView>> list(Integer limit, String cursor, String category) {
        int size = CursorPage.clamp(limit);
        return templates.page(Cursors.decodeUuid(cursor), size + 1, category)
                .map(rows -> CursorPage.of(rows, size, TemplateView::of, t -> Cursors.encode(t.id.toString())));
    }
}
