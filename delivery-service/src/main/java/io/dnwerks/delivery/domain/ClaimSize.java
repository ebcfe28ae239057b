package io.dnwerks.delivery.domain;

/**
 * How many messages a dispatch worker claims in its next round. Under a rate it starts from what a
 * replica alone could send in half a lease; but a sender's rate is shared by every round of every
 * replica, so a round may get only a part of it. A round that could not hand over all it claimed
 * before its lease ran short claims three quarters of what it did hand over next time; one that
 * handed over a full claim claims a quarter more, up to the start. Claims that fit, with room to spare,
 * keep rounds from all running into their lease's end at once, where none of them books the sender's
 * schedule until the next claims.
 */
public final class ClaimSize {

    private final int most;
    private int next;

    public ClaimSize(int most) {
        if (most < 1) {
            throw new IllegalArgumentException("a claim is at least one message: " + most);
        }
        this.most = most;
        this.next = most;
    }

    public synchronized int next() {
        return next;
    }

    /**
     * @param claimed     what the round claimed
     * @param shortOfTime of those, how many it gave back because its lease ran short before their turn
     */
    public synchronized void after(int claimed, int shortOfTime) {
        if (shortOfTime > 0) {
            next = Math.max(1, (claimed - shortOfTime) * 3 / 4);
        } else if (claimed >= next) {
            next = Math.min(most, next + Math.max(1, next / 4));
        }
    }
}
