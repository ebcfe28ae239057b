package io.dnwerks.campaign.domain;

import com.fasterxml.jackson.annotation.JsonValue;
import io.dnwerks.common.persistence.LowerCaseEnums;

/** The seed's campaign states, stored and shown in lower case. */
public enum CampaignStatus {
    DRAFT, SCHEDULED, SENDING, SENT, PAUSED;

    @JsonValue
    public String dbValue() {
        return LowerCaseEnums.name(this);
    }
}
