package io.dnwerks.common.event;

/**
 * Event type names: {@code dnwerks.<domain>.<Name>.v1}, as architecture.md fixes them. The version
 * is the topic's: only additive changes within v1.
 */
public final class EventType {

    private EventType() {
    }

    public static String of(String domain, String name) {
        return "dnwerks." + domain + "." + name + ".v1";
    }
}
