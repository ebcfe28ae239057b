package io.dnwerks.delivery.domain;

import io.dnwerks.common.persistence.LowerCaseEnums;
import jakarta.persistence.Converter;

@Converter(autoApply = true)
public class MessageStatusConverter extends LowerCaseEnums.Converter<MessageStatus> {

    public MessageStatusConverter() {
        super(MessageStatus.class);
    }
}
