package dev.steward.notify;

import java.time.Duration;
import java.util.Optional;

/** What a receiver made of one delivery attempt. Channels return it; they never throw. */
public sealed interface Delivery {

    /**
     * Accepted (HTTP 2xx, or the SMTP server took the mail).
     *
     * @param status the HTTP status, or the SMTP reply code (250)
     * @param answer the first kilobyte of the receiver's answer
     */
    record Delivered(int status, String answer) implements Delivery {}

    /**
     * Not accepted.
     *
     * @param error one line for people, e.g. {@code HTTP 500 from hooks.example.com} or {@code connection refused}
     * @param status the HTTP status or SMTP reply code, when the receiver answered
     * @param answer the first kilobyte of the answer, empty when none
     * @param retryable false when repeating the same request cannot succeed (HTTP 4xx other than 408 and 429, a
     *     rejected address, bad credentials): the message is marked failed at once
     * @param retryAfter the receiver's Retry-After, when it gave one
     */
    record Failed(
            String error, Optional<Integer> status, String answer, boolean retryable, Optional<Duration> retryAfter)
            implements Delivery {}
}
