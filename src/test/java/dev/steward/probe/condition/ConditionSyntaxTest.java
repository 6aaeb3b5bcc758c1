package dev.steward.probe.condition;

import static dev.steward.probe.condition.Observations.condition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

/**
 * What is a condition and what is not: every refusal names the 1-based column and what is allowed, and the loose forms
 * Gatus accepts (text with spaces, quotes kept, pat() with anything inside, literals on both sides) stay accepted.
 */
class ConditionSyntaxTest {

    private static ConditionSyntaxException refusal(String text) {
        ConditionSyntaxException refusal =
                catchThrowableOfType(ConditionSyntaxException.class, () -> Condition.parse(text));
        assertThat(refusal).as("refusal of <%s>", text).isNotNull();
        return refusal;
    }

    private static void refused(String text, int column, String message) {
        ConditionSyntaxException refusal = refusal(text);
        assertThat(refusal.getMessage()).as("message for <%s>", text).contains(message);
        assertThat(refusal.column())
                .as("column for <%s>: %s", text, refusal.getMessage())
                .isEqualTo(column);
    }

    // no operator

    @Test
    void refusesAPlaceholderAloneAndAsksForAnOperatorAfterIt() {
        refused("[STATUS]", 9, "expected an operator (==, !=, <, <=, >, >=) after [STATUS]");
    }

    @Test
    void refusesAnUnknownOperatorAndPointsAtIt() {
        refused("[STATUS] ? 201", 10, "expected an operator (==, !=, <, <=, >, >=) after [STATUS]");
    }

    @Test
    void refusesAValueWithoutOperator() {
        refused("[BODY].status UP", 15, "expected an operator (==, !=, <, <=, >, >=) after [BODY].status");
    }

    @Test
    void refusesAnOperatorWithoutSpacesAndShowsTheSpacedForm() {
        refused("[STATUS]==201", 9, "== needs a space on each side: [STATUS] == 201");
        refused("[STATUS] ==201", 10, "== needs a space on each side: [STATUS] == 201");
        refused("len([BODY].items)>0", 18, "> needs a space on each side: len([BODY].items) > 0");
    }

    @Test
    void refusesASingleEqualsSign() {
        refused("[STATUS] = = 201", 10, "= is not an operator; expected one of ==, !=, <, <=, >, >=");
        refused("[STATUS] = 201", 10, "= is not an operator");
        refused("[STATUS] => 201", 10, "=> is not an operator");
    }

    @Test
    void refusesAnOperatorWithNothingAfterIt() {
        refused("[STATUS] ==", 12, "expected a value after ==, e.g. [STATUS] == 200");
    }

    @Test
    void refusesAnEmptyCondition() {
        refused("", 1, "the condition is empty");
        refused("   ", 1, "the condition is empty");
    }

    // empty sides and second operators

    @Test
    void refusesAnEmptyRightSide() {
        refused("[STATUS] ==  ", 13, "nothing after ==; expected a value");
    }

    @Test
    void refusesAnEmptyLeftSide() {
        refused(" == 200", 1, "nothing before ==");
    }

    @Test
    void refusesTheSameOperatorTwice() {
        refused("[STATUS] == 200 == true", 17, "a condition has one operator, but == appears again here");
        refused("[STATUS] == == 200", 13, "== appears again here");
    }

    @Test
    void refusesASecondOperatorInsideAPath() {
        refused("[BODY].count > 5 == true", 14, "> appears here as well as ==");
    }

    // placeholders and paths

    @Test
    void refusesAnUnterminatedPlaceholder() {
        refused("[STATUS == 200", 8, "the placeholder [STATUS is not closed; expected ] after its name");
        refused("[BODY.status == UP", 6, "the placeholder [BODY is not closed");
    }

    @Test
    void refusesTextGluedToAPlaceholder() {
        refused("[STATUS]x == 200", 9, "unexpected x after [STATUS]; a path goes on with .key or [index]");
    }

    @Test
    void refusesAnEmptyKeyInAPath() {
        refused("[BODY]. == UP", 8, "expected a key after the . in the path after [BODY]");
        refused("[BODY].data..id == 1", 13, "expected a key after the .");
    }

    @Test
    void refusesAnUnclosedArrayIndex() {
        refused("[BODY].data[0 == 1", 14, "the [ of an array index is not closed: expected ] after [0");
    }

    @Test
    void refusesAnArrayIndexThatIsNotANumber() {
        refused("[BODY].ids[wat] == 1", 12, "an array index must be a number");
        refused("[BODY].ids[] == 1", 12, "an array index must be a number");
    }

    @Test
    void refusesAStrayClosingBracketInAPath() {
        refused("[BODY].a]b == 1", 9, "unexpected ] in the path after [BODY]");
    }

    // functions

    @Test
    void refusesAnUnclosedFunction() {
        refused("len([BODY].users == 100", 17, "len( is not closed; expected ) after [BODY].users");
        refused("[IP] == pat(192.168.*", 22, "pat( is not closed");
        refused("[STATUS] == any(200, 201", 25, "any( is not closed");
    }

    @Test
    void refusesAnUnknownFunction() {
        refused(
                "size([BODY].items) == 3",
                1,
                "unknown function size(); the functions are len(), has(), pat() and any()");
        refused("LEN([BODY].items) == 3", 1, "unknown function LEN()");
        refused("[BODY].name == starts(jo)", 16, "unknown function starts()");
    }

    @Test
    void refusesLenOrHasWithoutAPlaceholderInside() {
        refused("len(items) == 3", 5, "len() takes a placeholder, e.g. len([BODY].items); got items");
        refused("has() == true", 5, "has() takes a placeholder, e.g. has([BODY].items); got nothing");
    }

    @Test
    void refusesPatternsAndListsWithNumericOperators() {
        refused("[STATUS] < pat(3*)", 12, "pat() works only with == and !=; < compares numbers");
        refused("any(1, 2) >= [BODY].id", 1, "any() works only with == and !=");
    }

    @Test
    void refusesPatternsOrListsOnBothSides() {
        refused("pat(2*) == any(200, 201)", 12, "only one side of a condition can be pat() or any()");
    }

    @Test
    void refusesMalformedPatterns() {
        refused("[BODY] == pat(*[abc*)", 16, "pat() has a [ that is not closed by ]");
        refused("[BODY] == pat([]x)", 16, "pat() has a set [...] that is empty");
        refused("[BODY] == pat(*[z-]*)", 19, "pat() has a set [...] that is empty or has a range without a start");
        refused("[BODY] == pat(ok\\)", 17, "pat() ends with \\");
    }

    // what Gatus accepts stays accepted

    @Test
    void acceptsUnquotedTextWithSpacesOnTheRight() {
        assertThat(condition("[BODY].message == all systems operational").placeholders())
                .containsExactly("BODY");
    }

    @Test
    void acceptsAPatternAroundTheWholeBody() {
        assertThat(condition("[BODY] == pat(*ok*)").placeholders()).containsExactly("BODY");
    }

    @Test
    void acceptsPatternsWithParenthesesAndOperatorsInside() {
        condition("[BODY] == pat(*(beta) < 2*)");
        condition("[BODY].version == pat(v1.?.*)");
    }

    @Test
    void acceptsAnotherOperatorInsideTheTextOnTheRight() {
        condition("[BODY].rule == a < b");
    }

    @Test
    void acceptsLiteralsOnBothSidesAsGatusDoes() {
        assertThat(condition("raw == raw").placeholders()).isEmpty();
        assertThat(condition("1 == 2").placeholders()).isEmpty();
    }

    @Test
    void acceptsBracketsThatAreNotPlaceholdersAsText() {
        assertThat(condition("[BODY].items == []").placeholders()).containsExactly("BODY");
        assertThat(condition("[BODY].ids == [1 2]").placeholders()).containsExactly("BODY");
        assertThat(condition("[BODY].tags == [red green]").placeholders()).containsExactly("BODY");
        assertThat(condition("[BODY].note == [draft]").placeholders()).containsExactly("BODY");
    }

    @Test
    void acceptsExtraSpacesAroundOperatorAndSides() {
        condition("  [STATUS]   ==   200  ");
        condition("len( [BODY].items ) > 0");
    }

    @Test
    void acceptsPlaceholderNamesInAnyCase() {
        assertThat(condition("[status] == 200").placeholders()).containsExactly("STATUS");
        assertThat(condition("[Body].Status == UP").placeholders()).containsExactly("BODY");
    }

    @Test
    void acceptsKeysWithSpacesAndDashes() {
        condition("[BODY].build info.git-sha == abc123");
    }

    @Test
    void acceptsEmptyOptionsInAny() {
        condition("[BODY].note == any(, none)");
    }

    // placeholders()

    @Test
    void listsThePlaceholdersOfBothSidesWithoutBrackets() {
        assertThat(condition("[BODY].age == [BODY].id").placeholders()).containsExactly("BODY");
        assertThat(condition("[STATUS] == [BODY].status").placeholders()).containsExactlyInAnyOrder("STATUS", "BODY");
        assertThat(condition("len([RESULT]) > 0").placeholders()).containsExactly("RESULT");
        assertThat(condition("has([INFO].used_memory) == true").placeholders()).containsExactly("INFO");
        assertThat(condition("[RESULT][0].stuck == 0").placeholders()).containsExactly("RESULT");
        assertThat(condition("[CERTIFICATE_EXPIRATION] > 14d").placeholders())
                .containsExactly("CERTIFICATE_EXPIRATION");
    }

    @Test
    void listsUnknownPlaceholdersSoTheCatalogCanRefuseThem() {
        assertThat(condition("[STAUTS] == 200").placeholders()).containsExactly("STAUTS");
    }

    @Test
    void conditionsAreEqualWhenTheirTextIsEqual() {
        assertThat(condition("[STATUS] == 200")).isEqualTo(condition("[STATUS] == 200"));
        assertThat(condition("[STATUS] == 200")).isNotEqualTo(condition("[STATUS]  ==  200"));
        assertThat(condition("[STATUS] == 200").text()).isEqualTo("[STATUS] == 200");
    }
}
