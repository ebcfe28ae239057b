package io.dnwerks.common.error;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** A JSON string with a NUL character: PostgreSQL cannot store one in text, so the request is refused first. */
public class NulCharacterException extends MismatchedInputException {

    public NulCharacterException(JsonParser parser) {
        super(parser, "a string holds a NUL character", String.class);
    }
}
