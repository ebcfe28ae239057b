package io.dnwerks.delivery.provider;

/** What a webhook answers the gateway, in the gateway's own terms. */
public record WebhookReply(int status, String contentType, String body) {

    public static WebhookReply json(int status, String body) {
        return new WebhookReply(status, "application/json", body);
    }

    public static WebhookReply text(int status, String body) {
        return new WebhookReply(status, "text/plain", body);
    }

    public static WebhookReply notFound(String detail) {
        return new WebhookReply(404, "text/plain", detail);
    }
}
