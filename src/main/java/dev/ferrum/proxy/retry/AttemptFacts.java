package dev.ferrum.proxy.retry;

/**
 * Everything the retry policy looks at after one attempt, gathered by the attempt loop.
 *
 * @param attempts attempts made so far, this one included
 * @param ending how this attempt ended, as far as repeating it is concerned
 * @param repeatable the method (and config) allow sending this request again after a backend saw it
 * @param replayable the whole body is in a replay buffer (or there is none)
 * @param bodyStarted some of a streamed body already went upstream, so it cannot be sent again
 * @param clientGone the client connection is closed
 * @param nowNanos now, on the monotonic clock
 * @param deadlineNanos when the whole exchange must be over; {@code Long.MAX_VALUE} for never
 */
public record AttemptFacts(int attempts, AttemptEnding ending, boolean repeatable, boolean replayable,
    boolean bodyStarted, boolean clientGone, long nowNanos, long deadlineNanos) {
}
