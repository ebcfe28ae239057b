package io.dnwerks.customer.service;

import java.util.List;
import java.util.UUID;

/** What conditions hold now: how many live customers, and the first few (by id). */
public record SegmentPreview(int count, List<Member> sample) {

    public record Member(UUID id, String firstName, String lastName, String phone) {
    }
}
