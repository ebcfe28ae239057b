package io.dnwerks.common.event;

/** A record no retry can process: it goes to the topic's DLQ with this message in its headers. */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }
}
