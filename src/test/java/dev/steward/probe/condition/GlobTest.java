package dev.steward.probe.condition;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The patterns of pat(): the cases of Gatus's pattern/pattern_test.go, plus its rule that / is ignored. */
class GlobTest {

    private static boolean matches(String pattern, String value) {
        try {
            return Glob.compile(pattern, 1).matches(value);
        } catch (ConditionSyntaxException e) {
            throw new AssertionError(pattern + ": " + e.getMessage(), e);
        }
    }

    @Test
    void matchesTheCasesGatusTests() {
        for (String pattern : new String[] {
            "*",
            "**",
            "living*",
            "*living*",
            "*123",
            "*_*",
            "living*_*3",
            "living*room_*3",
            "*vin*om*2*",
            "livingroom_123",
            "*livingroom_123*"
        }) {
            assertThat(matches(pattern, "livingroom_123")).as(pattern).isTrue();
        }
        for (String pattern : new String[] {"livingroom", "livingroom123", "what", "*what*", "*.*", "room*123"}) {
            assertThat(matches(pattern, "livingroom_123")).as(pattern).isFalse();
        }
    }

    @Test
    void aQuestionMarkIsExactlyOneCharacter() {
        assertThat(matches("v1.?.*", "v1.2.13")).isTrue();
        assertThat(matches("v1.?.*", "v1.12.3")).isFalse();
        assertThat(matches("h?llo", "héllo")).isTrue();
    }

    @Test
    void setsMatchOneCharacterOfOrOutsideTheSet() {
        assertThat(matches("[45]*", "503")).isTrue();
        assertThat(matches("[45]*", "200")).isFalse();
        assertThat(matches("[0-2]??", "200")).isTrue();
        assertThat(matches("[^2]*", "200")).isFalse();
        assertThat(matches("[^2]*", "500")).isTrue();
        assertThat(matches("[*]", "*")).isTrue();
        assertThat(matches("[\\]]", "]")).isTrue();
    }

    @Test
    void aBackslashMakesTheNextCharacterLiteral() {
        assertThat(matches("100\\*", "100*")).isTrue();
        assertThat(matches("100\\*", "1000")).isFalse();
        assertThat(matches("what\\?", "what?")).isTrue();
    }

    @Test
    void slashesAreIgnoredOnBothSides() {
        assertThat(matches("*<div>ok</div>*", "<html><body><div>ok</div></body></html>"))
                .isTrue();
        assertThat(matches("*ok*", "status/ok")).isTrue();
        assertThat(matches("a/b", "ab")).isTrue();
        assertThat(matches("ab", "a/b")).isTrue();
        assertThat(matches("?", "/")).isFalse();
    }

    @Test
    void theWholeValueMustMatch() {
        assertThat(matches("ok", "ok!")).isFalse();
        assertThat(matches("*ok", "ok!")).isFalse();
        assertThat(matches("", "")).isTrue();
        assertThat(matches("", "x")).isFalse();
        assertThat(matches("*a*b", "xaxbxb")).isTrue();
        assertThat(matches("*a*b", "xaxbxbc")).isFalse();
    }

    @Test
    void aLoneStarMatchesEvenAnInvalidValue() {
        assertThat(matches("*", "[BODY].x (INVALID)")).isTrue();
    }

    @Test
    void handlesLongValuesInLinearTime() {
        String value = "a".repeat(200_000) + "needle" + "b".repeat(200_000);
        assertThat(matches("*needle*", value)).isTrue();
        assertThat(matches("*a*a*a*a*x", "a".repeat(5_000))).isFalse();
    }
}
