package io.dnwerks.customer.service;

import io.dnwerks.common.validation.ReportedAs;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/**
 * Who a tag goes on in bulk: listed customers, or every member of a segment as its memberships stand.
 *
 * @param customerIds up to {@value #MAX_IDS} customer ids; unknown or deleted ones are passed over
 * @param segmentId   a segment whose members are tagged, a chunk at a time
 */
public record BulkTagging(@Size(min = 1, max = MAX_IDS) List<UUID> customerIds, UUID segmentId) {

    public static final int MAX_IDS = 10_000;

    @AssertTrue(message = "give customerIds or segmentId, one of them")
    @ReportedAs("customerIds")
    public boolean isOneSource() {
        return (customerIds == null) != (segmentId == null);
    }

    @AssertTrue(message = "must not contain null")
    @ReportedAs("customerIds")
    public boolean isWithoutNull() {
        return customerIds == null || customerIds.stream().allMatch(java.util.Objects::nonNull);
    }
}
