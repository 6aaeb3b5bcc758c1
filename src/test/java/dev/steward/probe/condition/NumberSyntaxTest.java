package dev.steward.probe.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Numbers and durations read the way Gatus reads them (Go's literal and duration syntax), plus Steward's days. */
class NumberSyntaxTest {

    @Test
    void readsGoDurationsInMilliseconds() {
        assertThat(NumberSyntax.durationMillis("48h")).hasValue(172_800_000);
        assertThat(NumberSyntax.durationMillis("1h30m")).hasValue(5_400_000);
        assertThat(NumberSyntax.durationMillis("1.5h")).hasValue(5_400_000);
        assertThat(NumberSyntax.durationMillis(".5s")).hasValue(500);
        assertThat(NumberSyntax.durationMillis("500ms")).hasValue(500);
        assertThat(NumberSyntax.durationMillis("2m")).hasValue(120_000);
        assertThat(NumberSyntax.durationMillis("-1h")).hasValue(-3_600_000);
        assertThat(NumberSyntax.durationMillis("+5s")).hasValue(5_000);
        assertThat(NumberSyntax.durationMillis("1500us")).hasValue(1);
        assertThat(NumberSyntax.durationMillis("2000000ns")).hasValue(2);
        assertThat(NumberSyntax.durationMillis("3000µs")).hasValue(3);
    }

    @Test
    void readsStewardDays() {
        assertThat(NumberSyntax.durationMillis("7d")).hasValue(604_800_000);
        assertThat(NumberSyntax.durationMillis("14d")).isEqualTo(NumberSyntax.durationMillis("336h"));
        assertThat(NumberSyntax.durationMillis("1d12h")).hasValue(129_600_000);
    }

    @Test
    void refusesWhatIsNotADuration() {
        for (String text : new String[] {"", "5", "h", "1.5.5h", "1x", "5 m", "1h-5m", "ms", ".h", "1e3"}) {
            assertThat(NumberSyntax.durationNanos(text)).as(text).isNull();
        }
        assertThat(NumberSyntax.durationMillis("0")).isEmpty(); // zero is a number, not a duration
        assertThat(NumberSyntax.durationMillis("0s")).isEmpty();
        assertThat(NumberSyntax.durationNanos("300000000h")).isNull(); // beyond 292 years
    }

    @Test
    void readsIntegersInGoSyntax() {
        assertThat(NumberSyntax.integer("200")).hasValue(200);
        assertThat(NumberSyntax.integer("-7")).hasValue(-7);
        assertThat(NumberSyntax.integer("+7")).hasValue(7);
        assertThat(NumberSyntax.integer("0x1F")).hasValue(31);
        assertThat(NumberSyntax.integer("0XC0ff33")).hasValue(12_648_243);
        assertThat(NumberSyntax.integer("0o17")).hasValue(15);
        assertThat(NumberSyntax.integer("017")).hasValue(15);
        assertThat(NumberSyntax.integer("0b101")).hasValue(5);
        assertThat(NumberSyntax.integer("1_000_000")).hasValue(1_000_000);
        assertThat(NumberSyntax.integer("0x_1F")).hasValue(31);
        assertThat(NumberSyntax.integer("0")).hasValue(0);
        assertThat(NumberSyntax.integer("9223372036854775807")).hasValue(Long.MAX_VALUE);
        assertThat(NumberSyntax.integer("-9223372036854775808")).hasValue(Long.MIN_VALUE);
    }

    @Test
    void refusesWhatIsNotAnInteger() {
        for (String text : new String[] {
            "", "+", "08", "0x", "1.0", "1e3", " 1", "1 ", "_1", "1_", "1__0", "0b2", "١٢", "9223372036854775808", "abc"
        }) {
            assertThat(NumberSyntax.integer(text)).as(text).isEqualTo(OptionalLong.empty());
        }
    }

    @Test
    void readsDecimalsInGoSyntax() {
        assertThat(NumberSyntax.decimal("123.40000000000005")).isEqualTo(123.40000000000005);
        assertThat(NumberSyntax.decimal("1.5e+09")).isEqualTo(1.5e9);
        assertThat(NumberSyntax.decimal(".5")).isEqualTo(0.5);
        assertThat(NumberSyntax.decimal("1.")).isEqualTo(1.0);
        assertThat(NumberSyntax.decimal("0x1p-2")).isEqualTo(0.25);
        assertThat(NumberSyntax.decimal("1_000.5")).isEqualTo(1000.5);
        assertThat(NumberSyntax.decimal("-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(NumberSyntax.decimal("NaN")).isNaN();
        for (String text : new String[] {"", "1d", "1f", " 1.5", "0x1.8", "1e", "e5", "1e400", "potato", "1.2.3"}) {
            assertThat(NumberSyntax.decimal(text)).as(text).isNull();
        }
    }

    @Test
    void orderingValueTriesDurationThenIntegerThenDecimalThenZero() {
        assertThat(NumberSyntax.orderingValue("1s")).isEqualTo(1000);
        assertThat(NumberSyntax.orderingValue("250")).isEqualTo(250);
        assertThat(NumberSyntax.orderingValue("0x10")).isEqualTo(16);
        assertThat(NumberSyntax.orderingValue("99.9")).isEqualTo(99);
        assertThat(NumberSyntax.orderingValue("-99.9")).isEqualTo(-99);
        assertThat(NumberSyntax.orderingValue("potato")).isZero();
        assertThat(NumberSyntax.orderingValue("[BODY].x (INVALID)")).isZero();
        assertThat(NumberSyntax.orderingValue("1e20")).isEqualTo(Long.MIN_VALUE); // beyond 64 bits, as on x86-64
    }

    @Test
    void formatsMillisecondsAsHoursMinutesAndSeconds() {
        assertThat(NumberSyntax.formatMillisAsDuration(1_209_600_000)).isEqualTo("336h");
        assertThat(NumberSyntax.formatMillisAsDuration(3_615_000)).isEqualTo("1h0m15s");
        assertThat(NumberSyntax.formatMillisAsDuration(3_660_000)).isEqualTo("1h1m");
        assertThat(NumberSyntax.formatMillisAsDuration(60_000)).isEqualTo("1m");
        assertThat(NumberSyntax.formatMillisAsDuration(90_000)).isEqualTo("1m30s");
        assertThat(NumberSyntax.formatMillisAsDuration(40_000)).isEqualTo("40s");
        assertThat(NumberSyntax.formatMillisAsDuration(999)).isEqualTo("0s");
        assertThat(NumberSyntax.formatMillisAsDuration(-86_400_000)).isEqualTo("-24h");
    }
}
