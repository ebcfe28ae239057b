package io.dnwerks.campaign.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import io.dnwerks.common.persistence.JsonColumn;
import jakarta.persistence.Convert;
import org.hibernate.annotations.ColumnTransformer;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** Reusable message text with {{variables}}; a campaign copies its content when created from it. */
@Entity
@Table(name = "message_templates")
public class MessageTemplate extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(columnDefinition = "text")
    public String description;

    @Column(nullable = false, columnDefinition = "text")
    public String content;

    /** The variables the content uses, derived from it. */
    @Convert(converter = StringListColumn.class)
    @ColumnTransformer(read = "variables::text", write = JsonColumn.WRITE)
    @Column(columnDefinition = "jsonb")
    public List<String> variables;

    @Column(length = 100)
    public String category;

    @Column(name = "is_system", nullable = false)
    public boolean system;

    @Column(name = "created_by", nullable = false)
    public UUID createdBy;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;
}
