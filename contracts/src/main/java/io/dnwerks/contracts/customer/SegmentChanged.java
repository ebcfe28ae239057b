package io.dnwerks.contracts.customer;

import io.dnwerks.common.event.EventType;
import io.dnwerks.common.event.Topics;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A segment or its members changed, on {@value #TOPIC}, keyed by segment id (one segment's events
 * stay in order).
 * <ul>
 *   <li>{@code created}, {@code updated}, {@code refreshed}: the segment was written or its members
 *   recomputed from its conditions; {@code joinedCount}/{@code leftCount} say how many joined and left,
 *   the lists are empty (a refresh can move a million customers; ask the API for the members).</li>
 *   <li>{@code membersChanged}: customers who were created, changed, tagged, untagged or deleted
 *   joined or left; the lists name every one of them (at most a maintenance round's worth).</li>
 *   <li>{@code deleted}: the segment is gone, and with it every membership.</li>
 * </ul>
 * {@code customerCount} is the segment's count after the change.
 */
public record SegmentChanged(UUID segmentId, String name, String change, int customerCount, int joinedCount, int leftCount,
                             List<UUID> joined, List<UUID> left, OffsetDateTime changedAt) {

    public static final String TOPIC = Topics.CUSTOMER_EVENTS;
    public static final String TYPE = EventType.of("customer", "SegmentChanged");
    public static final String AGGREGATE = "segment";

    public static final String CREATED = "created";
    public static final String UPDATED = "updated";
    public static final String REFRESHED = "refreshed";
    public static final String MEMBERS_CHANGED = "membersChanged";
    public static final String DELETED = "deleted";

    public SegmentChanged {
        joined = joined == null ? List.of() : List.copyOf(joined);
        left = left == null ? List.of() : List.copyOf(left);
    }

    public String key() {
        return segmentId.toString();
    }
}
