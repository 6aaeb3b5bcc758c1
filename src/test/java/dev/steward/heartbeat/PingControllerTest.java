package dev.steward.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** How a ping's path and query are read: the signal and the run id. */
class PingControllerTest {

    private static Optional<Heartbeats.Signal> signal(String text) {
        return PingController.signal(text);
    }

    @Test
    void readsEverySignalOfThePingApi() {
        assertThat(PingController.signal(null)).contains(new Heartbeats.Signal(Ping.Kind.SUCCESS, OptionalInt.empty()));
        assertThat(signal("start")).contains(new Heartbeats.Signal(Ping.Kind.START, OptionalInt.empty()));
        assertThat(signal("fail")).contains(new Heartbeats.Signal(Ping.Kind.FAIL, OptionalInt.empty()));
        assertThat(signal("log")).contains(new Heartbeats.Signal(Ping.Kind.LOG, OptionalInt.empty()));
    }

    @Test
    void anExitStatusOfZeroIsASuccessAndUpTo255AFailure() {
        assertThat(signal("0")).contains(new Heartbeats.Signal(Ping.Kind.SUCCESS, OptionalInt.of(0)));
        assertThat(signal("1")).contains(new Heartbeats.Signal(Ping.Kind.FAIL, OptionalInt.of(1)));
        assertThat(signal("255")).contains(new Heartbeats.Signal(Ping.Kind.FAIL, OptionalInt.of(255)));
        assertThat(signal("256")).isEmpty();
        assertThat(signal("999999999")).isEmpty();
        assertThat(signal("-1")).isEmpty();
        assertThat(signal("START")).isEmpty();
    }

    @Test
    void readsTheRunIdFromTheQueryStringOnly() {
        assertThat(PingController.rid(null)).isEmpty();
        assertThat(PingController.rid("rid=5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11"))
                .contains("5b2c1e0a-8f3d-4c2a-9e61-0d7f3b9a4c11");
        assertThat(PingController.rid("x=1&rid=abc%2Ddef")).contains("abc-def");
        assertThat(PingController.rid("rid=")).isEmpty();
        assertThat(PingController.rid("grid=1")).isEmpty();
    }
}
