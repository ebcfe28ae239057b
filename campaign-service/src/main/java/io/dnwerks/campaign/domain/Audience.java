package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dnwerks.common.validation.ReportedAs;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * Who a campaign goes to: every eligible customer ({@code all}), or those with any of the tags,
 * and/or the customers named. Eligibility (SMS consent, not do-not-contact, not deleted) is always
 * applied on top, by customer-service.
 * <p>
 * The named customers travel in the campaign's events (CampaignCreated, CampaignLaunched, the audit
 * records of a change, which hold the list before and after): at {@value #MAX_CUSTOMER_IDS} ids an
 * update's audit record is about 800 kB, within Kafka's 1 MB. Larger audiences are tags.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Audience(Boolean all, @Size(max = 100) List<UUID> tagIds,
                       @Size(max = Audience.MAX_CUSTOMER_IDS, message = "must hold at most " + Audience.MAX_CUSTOMER_IDS
                               + " customer ids; tag larger audiences and name the tag") List<UUID> customerIds) {

    public static final int MAX_CUSTOMER_IDS = 10_000;

    @JsonIgnore
    public boolean isEmpty() {
        return !Boolean.TRUE.equals(all) && (tagIds == null || tagIds.isEmpty()) && (customerIds == null || customerIds.isEmpty());
    }

    @JsonIgnore
    @AssertTrue(message = "all cannot be combined with tagIds or customerIds")
    @ReportedAs("all")
    public boolean isAllExclusive() {
        return !Boolean.TRUE.equals(all) || (tagIds == null || tagIds.isEmpty()) && (customerIds == null || customerIds.isEmpty());
    }
}
