package io.dnwerks.customer.messaging;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** What customer-service reads of campaign-service's CampaignLaunched. */
public record CampaignLaunched(UUID campaignId, OffsetDateTime launchedAt, Audience audience) {

    public static final String TYPE = "dnwerks.campaign.CampaignLaunched.v1";

    /**
     * Everyone ({@code all}), or the union of the tags, segments and customers named; minus those who
     * carry an excluded tag or are in an excluded segment.
     */
    public record Audience(Boolean all, List<UUID> tagIds, List<UUID> segmentIds, List<UUID> customerIds, List<UUID> excludeTagIds,
                           List<UUID> excludeSegmentIds) {

        public boolean everyone() {
            return Boolean.TRUE.equals(all);
        }

        public List<UUID> tags() {
            return tagIds == null ? List.of() : tagIds;
        }

        public List<UUID> customers() {
            return customerIds == null ? List.of() : customerIds;
        }

        public List<UUID> segments() {
            return segmentIds == null ? List.of() : segmentIds;
        }

        public List<UUID> excludedTags() {
            return excludeTagIds == null ? List.of() : excludeTagIds;
        }

        public List<UUID> excludedSegments() {
            return excludeSegmentIds == null ? List.of() : excludeSegmentIds;
        }
    }
}
