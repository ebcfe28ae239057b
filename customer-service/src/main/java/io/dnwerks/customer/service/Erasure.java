package io.dnwerks.customer.service;

import java.time.OffsetDateTime;
import java.util.UUID;

/** What an erasure left: the customer's id, when, and the keyed hash of the number they had. */
public record Erasure(UUID customerId, OffsetDateTime erasedAt, String phoneHash) {
}
