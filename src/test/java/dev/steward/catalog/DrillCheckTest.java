package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.steward.catalog.BackupPolicy.DrillCheck;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** A drill's SQL check judges the value its query returned. */
class DrillCheckTest {

    private static DrillCheck check(String expect) {
        return new DrillCheck("select count(*) from users", expect);
    }

    @Test
    void passesWhenTheValueMeetsTheExpectation() {
        assertThat(check("> 0").failure(3L)).isEmpty();
        assertThat(check(">= 3").failure(3)).isEmpty();
        assertThat(check("< 10").failure((short) 9)).isEmpty();
        assertThat(check("<= 9").failure(9.0)).isEmpty();
        assertThat(check("== 42").failure(42)).isEmpty();
        assertThat(check("!= 0").failure(1L)).isEmpty();
        assertThat(check("== 'ok'").failure("ok")).isEmpty();
        assertThat(check("!= 'ok'").failure("degraded")).isEmpty();
    }

    @Test
    void saysWhatTheQueryReturnedAndWhatWasExpected() {
        assertThat(check("> 0").failure(0L)).contains("select count(*) from users returned 0, expected > 0");
        assertThat(new DrillCheck("select status from health", "== 'ok'").failure("down"))
                .contains("select status from health returned 'down', expected == 'ok'");
        assertThat(check("!= 'ok'").failure("ok"))
                .contains("select count(*) from users returned 'ok', expected != 'ok'");
        assertThat(check("<= 9").failure(new BigDecimal("9.50")))
                .contains("select count(*) from users returned 9.50, expected <= 9");
    }

    @Test
    void comparesNumbersByValueWhateverTheirType() {
        assertThat(check("== 2").failure(new BigDecimal("2.000"))).isEmpty();
        assertThat(check("== 2.0").failure(2)).isEmpty();
        assertThat(check("== 0.1").failure(0.1d)).isEmpty();
        assertThat(check("== 0.5").failure(0.5f)).isEmpty();
        assertThat(check("> 9223372036854775807").failure(new BigInteger("9223372036854775808")))
                .isEmpty();
        assertThat(check("== -1.5e3").failure(-1500)).isEmpty();
        assertThat(check("> 10").failure(9)).isPresent();
        // "10" < "9" as text, not as numbers.
        assertThat(check("> 9").failure(10)).isEmpty();
    }

    @Test
    void readsATextColumnThatHoldsANumberAsANumber() {
        assertThat(check("> 9").failure("10")).isEmpty();
        assertThat(check("== 1").failure(" 1.0 ")).isEmpty();
        assertThat(check("> 0").failure("many"))
                .contains("select count(*) from users returned 'many', not a number," + " expected > 0");
    }

    @Test
    void neverMatchesNull() {
        assertThat(check("> 0").failure(null)).contains("select count(*) from users returned NULL, expected > 0");
        assertThat(check("!= 0").failure(null)).isPresent();
        assertThat(check("!= 'ok'").failure(null)).isPresent();
        assertThat(check("== 'null'").failure(null)).isPresent();
    }

    @Test
    void neverMatchesANumberThatIsNotFinite() {
        assertThat(check("> 0").failure(Double.POSITIVE_INFINITY))
                .contains("select count(*) from users returned Infinity, not a number, expected > 0");
        assertThat(check("!= 0").failure(Double.NaN)).isPresent();
        assertThat(check("!= 0").failure(Float.NaN)).isPresent();
    }

    @Test
    void comparesTextsExactlyWithOtherValuesAsTheirText() {
        assertThat(check("== 'OK'").failure("ok")).isPresent();
        assertThat(check("== 'ok'").failure("ok ")).isPresent();
        assertThat(check("== 'true'").failure(true)).isEmpty();
        assertThat(check("== '42'").failure(42)).isEmpty();
        assertThat(check("== 'it''s'").failure("it's")).isEmpty();
        assertThat(check("== ''").failure("")).isEmpty();
        assertThat(check("> 0").failure(true))
                .contains("select count(*) from users returned true, not a number," + " expected > 0");
    }

    @Test
    void cutsALongValueInTheMessage() {
        String failure = check("== 'ok'").failure("x".repeat(500)).orElseThrow();
        assertThat(failure).hasSizeLessThan(200).contains("'" + "x".repeat(100) + "…'");
    }

    @Test
    void acceptsSpacesAroundTheOperatorAndTheValue() {
        assertThat(check(">0").failure(1)).isEmpty();
        assertThat(check("  ==   'a b'  ").failure("a b")).isEmpty();
    }

    @Test
    void refusesAnExpectationThatIsNotOne() {
        assertThat(DrillCheck.problem("> 0")).isEmpty();
        assertThat(DrillCheck.problem("== 'ok'")).isEmpty();
        assertThat(DrillCheck.problem("= 0")).contains("compares with =; write == (e.g. \"== 0\")");
        assertThat(DrillCheck.problem("0"))
                .hasValueSatisfying(problem -> assertThat(problem).startsWith("does not start with an operator"));
        assertThat(DrillCheck.problem("<")).contains("has no value after <; e.g. \"< 0\"");
        assertThat(DrillCheck.problem(">= 'a'"))
                .contains("compares a text with >=; texts are compared with == or != only");
        assertThat(DrillCheck.problem("== ok"))
                .hasValueSatisfying(problem -> assertThat(problem)
                        .startsWith("compares with ok, which is neither a number nor a text in single quotes"));
        assertThat(DrillCheck.problem("== 'unclosed")).isPresent();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> check("=> 0"))
                .withMessage("expect \"=> 0\" has the operator =>; write >= (e.g. \">= 0\")");
    }
}
