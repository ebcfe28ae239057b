package io.dnwerks.delivery.repository;

import io.dnwerks.common.audit.AuditRecords;
import io.dnwerks.common.event.Topics;

/**
 * The outbox rows a bulk status change of campaign messages writes, as SQL over the statement's
 * {@code RETURNING} rows (id, campaign_id, customer_id, status, external_id, error_message,
 * retry_count): one message event per message on delivery.events.v1, and its audit records on
 * audit.v1 in AuditRecords events of up to {@value #RECORDS_PER_EVENT}, keyed by campaign.
 */
final class MessageChangeEvents {

    /** keeps an event far below Kafka's 1 MB default, whatever the claim size: a record is about 400 bytes */
    static final int RECORDS_PER_EVENT = 250;

    private static final String INTO_OUTBOX = "INSERT INTO outbox (id, topic, aggregate_type, aggregate_id, event_type, payload)";

    private MessageChangeEvents() {
    }

    /** @param type the event type, as an SQL expression over the rows */
    static String messageEvents(String from, String type) {
        return INTO_OUTBOX + " SELECT uuid_v7(), '" + Topics.DELIVERY_EVENTS + "', 'message', id::text, " + type + ","
                + " json_build_object('messageId', id, 'campaignId', campaign_id, 'customerId', customer_id, 'status', status,"
                + " 'externalId', external_id, 'error', error_message, 'retryCount', retry_count, 'at', now()) FROM " + from;
    }

    /** @param oldStatus the status before the change, as an SQL expression */
    static String auditRecords(String from, String oldStatus) {
        return INTO_OUTBOX + " SELECT uuid_v7(), '" + Topics.AUDIT + "', 'campaign', campaign_id::text, '" + AuditRecords.EVENT_TYPE + "',"
                + " json_build_object('records', json_agg(json_build_object('id', uuid_v7(), 'service', 'delivery-service',"
                + " 'tableName', 'campaign_messages', 'recordId', id, 'action', 'UPDATE', 'oldValues', json_build_object('status', " + oldStatus + "),"
                + " 'newValues', json_build_object('status', status, 'externalId', external_id, 'errorMessage', error_message),"
                + " 'changedFields', json_build_array('status'), 'userId', '00000000-0000-0000-0000-000000000000', 'occurredAt', now())))"
                + " FROM (SELECT *, (row_number() OVER (PARTITION BY campaign_id) - 1) / " + RECORDS_PER_EVENT + " AS part FROM " + from + ") changed"
                + " GROUP BY campaign_id, part";
    }
}
