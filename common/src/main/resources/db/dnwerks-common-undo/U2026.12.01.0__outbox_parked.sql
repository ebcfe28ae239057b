-- parked events are lost with the table: put back into outbox what must still be published first
DROP TABLE IF EXISTS outbox_parked;
