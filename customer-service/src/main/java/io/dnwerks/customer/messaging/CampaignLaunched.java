package io.dnwerks.customer.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What customer-service reads of campaign-service's CampaignLaunched. */
public record CampaignLaunched(UUID campaignId, OffsetDateTime launchedAt, Audience audience) {

    public static final String TYPE = "dnwerks.campaign.CampaignLaunched.v1";

    public record Audience(Boolean all, List<UUID> tagIds, List<UUID> customerIds) {

        public boolean everyone() {
            return Boolean.TRUE.equals(all);
        }

        public List<UUID> tags() {
            return tagIds == null ? List.of() : tagIds;
        }

        public List<UUID> customers() {
            return customerIds == null ? List.of() : customerIds;
        }
    }
}
