package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.dnwerks.common.validation.ReportedAs;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * Who a campaign goes to: every eligible customer ({@code all}), or the union of those with any of
 * the tags, those in any of the segments and the customers named; then minus those with any of
 * {@code excludeTagIds} or in any of {@code excludeSegmentIds} (exclusions apply to {@code all} too:
 * "everyone but the staff"). Eligibility (SMS consent, not do-not-contact, not deleted) is always
 * applied on top, by customer-service, which resolves tags and segments as they are at the launch.
 * <p>
 * The named customers travel in the campaign's events (CampaignCreated, CampaignLaunched, the audit
 * records of a change, which hold the list before and after): at {@value #MAX_CUSTOMER_IDS} ids an
 * update's audit record is about 800 kB, within Kafka's 1 MB. Larger audiences are tags or segments.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Audience(Boolean all,
                       @Size(max = MAX_GROUPS) List<UUID> tagIds,
                       @Size(max = MAX_GROUPS) List<UUID> segmentIds,
                       @Size(max = Audience.MAX_CUSTOMER_IDS, message = "must hold at most " + Audience.MAX_CUSTOMER_IDS
                               + " customer ids; tag larger audiences and name the tag") List<UUID> customerIds,
                       @Size(max = MAX_GROUPS) List<UUID> excludeTagIds,
                       @Size(max = MAX_GROUPS) List<UUID> excludeSegmentIds) {

    public static final int MAX_CUSTOMER_IDS = 10_000;
    /** Tags or segments in one list: more is a segment of its own. */
    public static final int MAX_GROUPS = 100;

    /** Nothing set at all, exclusions included. */
    @JsonIgnore
    public boolean isEmpty() {
        return reachesNobody() && none(excludeTagIds) && none(excludeSegmentIds);
    }

    /** Nobody included: exclusions alone are not an audience. */
    @JsonIgnore
    public boolean reachesNobody() {
        return !Boolean.TRUE.equals(all) && none(tagIds) && none(segmentIds) && none(customerIds);
    }

    @JsonIgnore
    @AssertTrue(message = "all cannot be combined with tagIds, segmentIds or customerIds (exclusions can)")
    @ReportedAs("all")
    public boolean isAllExclusive() {
        return !Boolean.TRUE.equals(all) || none(tagIds) && none(segmentIds) && none(customerIds);
    }

    @JsonIgnore
    @AssertTrue(message = "names a tag that tagIds includes: a tag is included or excluded, not both")
    @ReportedAs("excludeTagIds")
    public boolean isTagExclusionDistinct() {
        return disjoint(tagIds, excludeTagIds);
    }

    @JsonIgnore
    @AssertTrue(message = "names a segment that segmentIds includes: a segment is included or excluded, not both")
    @ReportedAs("excludeSegmentIds")
    public boolean isSegmentExclusionDistinct() {
        return disjoint(segmentIds, excludeSegmentIds);
    }

    private static boolean none(List<UUID> ids) {
        return ids == null || ids.isEmpty();
    }

    private static boolean disjoint(List<UUID> included, List<UUID> excluded) {
        return none(included) || none(excluded) || excluded.stream().noneMatch(included::contains);
    }
}
