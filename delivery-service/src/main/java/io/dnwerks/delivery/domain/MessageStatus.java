package io.dnwerks.delivery.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.dnwerks.common.persistence.LowerCaseEnums;

/**
 * The seed's message states. A transient failure stays pending with a next_retry_at, so failed,
 * bounced, rejected and delivered are all final, and sent waits for its receipt.
 */
public enum MessageStatus {
    PENDING, SENT, DELIVERED, FAILED, BOUNCED, REJECTED;

    @JsonValue
    public String dbValue() {
        return LowerCaseEnums.name(this);
    }
}
