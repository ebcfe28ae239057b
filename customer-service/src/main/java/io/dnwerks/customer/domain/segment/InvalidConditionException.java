package io.dnwerks.customer.domain.segment;

/** A condition that cannot be accepted: where it is (a JSON path from the conditions' root, {@code $}) and why. */
public class InvalidConditionException extends RuntimeException {

    private final String path;
    private final String reason;

    public InvalidConditionException(String path, String reason) {
        super(path + ": " + reason);
        this.path = path;
        this.reason = reason;
    }

    public String path() {
        return path;
    }

    public String reason() {
        return reason;
    }
}
