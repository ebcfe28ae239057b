package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.dnwerks.common.persistence.LowerCaseEnums;

import java.util.EnumSet;
import java.util.Set;

/**
 * A campaign's life: draft -> (scheduled) -> sending <-> paused -> sent, and cancelled from any
 * state that has not finished. Stored and shown in lower case.
 */
public enum CampaignStatus {
    DRAFT, SCHEDULED, SENDING, SENT, PAUSED, CANCELLED;

    @JsonValue
    public String dbValue() {
        return LowerCaseEnums.name(this);
    }

    public boolean canMoveTo(CampaignStatus next) {
        return allowedNext().contains(next);
    }

    private Set<CampaignStatus> allowedNext() {
        return switch (this) {
            case DRAFT -> EnumSet.of(SCHEDULED, SENDING, CANCELLED);
            case SCHEDULED -> EnumSet.of(SENDING, CANCELLED);
            case SENDING -> EnumSet.of(PAUSED, SENT, CANCELLED);
            case PAUSED -> EnumSet.of(SENDING, CANCELLED);
            case SENT, CANCELLED -> EnumSet.noneOf(CampaignStatus.class);
        };
    }
}
