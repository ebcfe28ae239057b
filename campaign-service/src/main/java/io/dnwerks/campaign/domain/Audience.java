package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * Who a campaign goes to: every eligible customer ({@code all}), or those with any of the tags,
 * and/or the customers named. Eligibility (SMS consent, not do-not-contact, not deleted) is always
 * applied on top, by customer-service.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Audience(Boolean all, @Size(max = 100) List<UUID> tagIds, @Size(max = 100_000) List<UUID> customerIds) {

    @JsonIgnore
    public boolean isEmpty() {
        return !Boolean.TRUE.equals(all) && (tagIds == null || tagIds.isEmpty()) && (customerIds == null || customerIds.isEmpty());
    }

    @JsonIgnore
    @AssertTrue(message = "all cannot be combined with tagIds or customerIds")
    public boolean isAllExclusive() {
        return !Boolean.TRUE.equals(all) || (tagIds == null || tagIds.isEmpty()) && (customerIds == null || customerIds.isEmpty());
    }
}
