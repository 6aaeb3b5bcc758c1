package dev.steward.probe.condition;

import static dev.steward.probe.condition.Observations.body;
import static dev.steward.probe.condition.Observations.condition;
import static dev.steward.probe.condition.Observations.document;
import static dev.steward.probe.condition.Observations.evaluating;
import static dev.steward.probe.condition.Observations.facts;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * How conditions evaluate beyond the documented examples: Steward's own placeholders, durations, missing paths,
 * bodies that are not JSON, arrays at the root, numbers against text, decimals, and the text shown for a failure.
 * Where Gatus's source decides the outcome, the test names the behaviour it pins (config/endpoint/condition.go,
 * placeholder.go, jsonpath/jsonpath.go and pattern/pattern.go of github.com/TwiN/gatus, v5).
 */
class ConditionEvaluationTest {

    private static Facts certificateExpiresIn(Duration duration) {
        return facts("CERTIFICATE_EXPIRATION", Long.toString(duration.toMillis()));
    }

    @Nested
    class StewardPlaceholders {

        @Test
        void postgresRowCountAndFirstRowOfTheResult() {
            Facts facts = Facts.builder()
                    .text("ROWS", "1")
                    .text("RESULT", "[{\"stuck\":0,\"oldest\":\"2024-05-01\"}]")
                    .json("RESULT", () -> Observations.parse("[{\"stuck\":0,\"oldest\":\"2024-05-01\"}]"))
                    .build();
            evaluating("[ROWS] == 1", facts).holds();
            evaluating("[RESULT][0].stuck == 0", facts).holds();
            evaluating("len([RESULT]) > 0", facts).holds();
            evaluating("[RESULT][0].oldest == pat(2024-*)", facts).holds();
        }

        @Test
        void postgresResultShowsTheStuckCountWhenItIsNotZero() {
            evaluating("[RESULT][0].stuck == 0", document("RESULT", "[{\"stuck\":3}]"))
                    .fails()
                    .shows("[RESULT][0].stuck (3) == 0");
        }

        @Test
        void postgresQueryWithoutRowsHasNoFirstRow() {
            Facts facts = Facts.builder()
                    .text("ROWS", "0")
                    .text("RESULT", "[]")
                    .json("RESULT", () -> Observations.parse("[]"))
                    .build();
            evaluating("[RESULT][0].stuck == 0", facts).fails().shows("[RESULT][0].stuck (INVALID) == 0");
            evaluating("len([RESULT]) == 0", facts).holds();
            evaluating("[ROWS] > 0", facts).fails().shows("[ROWS] (0) > 0");
        }

        @Test
        void postgresTimingsAreMilliseconds() {
            Facts facts = facts("CONNECT_TIME", "12", "QUERY_TIME", "340", "RESPONSE_TIME", "352");
            evaluating("[CONNECT_TIME] < 50", facts).holds();
            evaluating("[QUERY_TIME] < 1s", facts).holds();
            evaluating("[QUERY_TIME] < 300ms", facts).fails().shows("[QUERY_TIME] (340) < 300ms");
            evaluating("[RESPONSE_TIME] <= 352", facts).holds();
        }

        @Test
        void redisInfoFieldsCompareAsNumbersWhetherGivenAsTextOrNumbers() {
            Facts asText = document("INFO", "{\"used_memory_rss\":\"1048576\",\"role\":\"master\"}");
            Facts asNumbers = document("INFO", "{\"used_memory_rss\":1048576,\"role\":\"master\"}");
            for (Facts facts : new Facts[] {asText, asNumbers}) {
                evaluating("[INFO].used_memory_rss < 1500000000", facts).holds();
                evaluating("[INFO].used_memory_rss == 1048576", facts).holds();
                evaluating("[INFO].role == master", facts).holds();
            }
            evaluating("[INFO].used_memory_rss < 1000000", asNumbers)
                    .fails()
                    .shows("[INFO].used_memory_rss (1048576) < 1000000");
        }

        @Test
        void tcpGoLiveCheckThatADatabasePortIsClosed() {
            evaluating("[CONNECTED] == false", facts("CONNECTED", "false")).holds();
            evaluating("[CONNECTED] == false", facts("CONNECTED", "true"))
                    .fails()
                    .shows("[CONNECTED] (true) == false");
        }

        @Test
        void dnsResponseCode() {
            evaluating("[DNS_RCODE] == NOERROR", facts("DNS_RCODE", "NOERROR")).holds();
            evaluating("[DNS_RCODE] == any(NOERROR, NXDOMAIN)", facts("DNS_RCODE", "NXDOMAIN"))
                    .holds();
            evaluating("[DNS_RCODE] == NOERROR", facts("DNS_RCODE", "SERVFAIL"))
                    .fails()
                    .shows("[DNS_RCODE] (SERVFAIL) == NOERROR");
        }

        @Test
        void aPlaceholderTheProbeDidNotProvideIsInvalid() {
            evaluating("[ROWS] == 0", facts()).fails().shows("[ROWS] (INVALID) == 0");
            evaluating("[ROWS] != 0", facts()).holds();
            evaluating("has([ROWS]) == false", facts()).holds();
            evaluating("len([ROWS]) == 0", facts()).fails().shows("len([ROWS]) (INVALID) == 0");
        }

        @Test
        void placeholderNamesAreReadInAnyCase() {
            evaluating("[status] == 200", facts("STATUS", "200")).holds();
            evaluating("[Body].Status == UP", body("{\"Status\":\"UP\"}")).holds();
            evaluating("[body].status == UP", body("{\"Status\":\"UP\"}")).fails(); // keys keep their case
        }

        @Test
        void lenAndHasWorkOnAnyPlaceholder() {
            evaluating("len([STATUS]) == 3", facts("STATUS", "200")).holds();
            evaluating("has([IP]) == true", facts("IP", "10.0.0.1")).holds();
            evaluating("has([IP]) == true", facts("IP", "")).fails().shows("has([IP]) (false) == true");
        }
    }

    @Nested
    class Durations {

        @Test
        void certificateExpiryAgainstHours() {
            evaluating("[CERTIFICATE_EXPIRATION] > 336h", certificateExpiresIn(Duration.ofDays(30)))
                    .holds();
            evaluating("[CERTIFICATE_EXPIRATION] > 336h", certificateExpiresIn(Duration.ofDays(10)))
                    .fails()
                    .shows("[CERTIFICATE_EXPIRATION] (240h) > 336h");
        }

        @Test
        void certificateExpiryAgainstStewardDays() {
            evaluating("[CERTIFICATE_EXPIRATION] > 14d", certificateExpiresIn(Duration.ofDays(15)))
                    .holds();
            evaluating("[CERTIFICATE_EXPIRATION] > 14d", certificateExpiresIn(Duration.ofDays(14)))
                    .fails()
                    .shows("[CERTIFICATE_EXPIRATION] (336h) > 14d");
            evaluating("[CERTIFICATE_EXPIRATION] > 1d12h", certificateExpiresIn(Duration.ofHours(37)))
                    .holds();
        }

        @Test
        void certificateExpiryAgainstMillisecondsAsGatusTests() {
            evaluating("[CERTIFICATE_EXPIRATION] > 2419200000", certificateExpiresIn(Duration.ofDays(60)))
                    .holds();
            evaluating("[CERTIFICATE_EXPIRATION] > 2419200000", certificateExpiresIn(Duration.ofDays(14)))
                    .fails()
                    .shows("[CERTIFICATE_EXPIRATION] (336h) > 2419200000");
        }

        @Test
        void certificateExpiryIsZeroWithoutCertificate() {
            evaluating("[CERTIFICATE_EXPIRATION] == 0", facts("CERTIFICATE_EXPIRATION", "0"))
                    .holds();
        }

        @Test
        void anExpiredCertificateShowsANegativeDuration() {
            evaluating("[CERTIFICATE_EXPIRATION] > 48h", certificateExpiresIn(Duration.ofHours(-24)))
                    .fails()
                    .shows("[CERTIFICATE_EXPIRATION] (-24h) > 48h");
        }

        @Test
        void shownExpiryDropsZeroPartsAndFractionsOfSeconds() {
            evaluating("[CERTIFICATE_EXPIRATION] > 48h", facts("CERTIFICATE_EXPIRATION", "3615999"))
                    .shows("[CERTIFICATE_EXPIRATION] (1h0m15s) > 48h");
            evaluating("[CERTIFICATE_EXPIRATION] > 48h", facts("CERTIFICATE_EXPIRATION", "5400000"))
                    .shows("[CERTIFICATE_EXPIRATION] (1h30m) > 48h");
            evaluating("[CERTIFICATE_EXPIRATION] > 48h", facts("CERTIFICATE_EXPIRATION", "40000"))
                    .shows("[CERTIFICATE_EXPIRATION] (40s) > 48h");
            evaluating("[CERTIFICATE_EXPIRATION] > 48h", facts("CERTIFICATE_EXPIRATION", "999"))
                    .shows("[CERTIFICATE_EXPIRATION] (0s) > 48h");
        }

        @Test
        void responseTimeAgainstSecondsMillisecondsAndMinutes() {
            Facts facts = facts("RESPONSE_TIME", "750");
            evaluating("[RESPONSE_TIME] < 1s", facts).holds();
            evaluating("[RESPONSE_TIME] < 500ms", facts).fails().shows("[RESPONSE_TIME] (750) < 500ms");
            evaluating("[RESPONSE_TIME] < 2m", facts).holds();
            evaluating("[RESPONSE_TIME] > 0.5s", facts).holds();
        }

        @Test
        void aDurationInTheBodyIsReadAsMilliseconds() {
            evaluating("[BODY].uptime > 4m", body("{\"uptime\":\"5m\"}")).holds();
            evaluating("[BODY].uptime > 6m", body("{\"uptime\":\"5m\"}"))
                    .fails()
                    .shows("[BODY].uptime (300000) > 6m");
        }
    }

    @Nested
    class MissingPaths {

        @Test
        void aMissingKeyIsInvalidAndNeverEqual() {
            evaluating("[BODY].data.name == john", body("{\"data\": {\"id\": 1}}"))
                    .fails()
                    .shows("[BODY].data.name (INVALID) == john");
            evaluating("[BODY].data.name != john", body("{\"data\": {\"id\": 1}}"))
                    .holds();
        }

        @Test
        void aMissingKeyCountsAsZeroForNumericOperatorsAsInGatus() {
            evaluating("[BODY].errors < 1", body("{}")).holds();
            evaluating("[BODY].count > 0", body("{}")).fails().shows("[BODY].count (0) > 0");
        }

        @Test
        void lenOfAMissingPathIsInvalid() {
            evaluating("len([BODY].data) == 8", body("{\"name\": \"john.doe\"}"))
                    .fails()
                    .shows("len([BODY].data) (INVALID) == 8");
            evaluating("len([BODY].data) > 0", body("{}")).fails().shows("len([BODY].data) (0) > 0");
        }

        @Test
        void nullIsMissing() {
            evaluating("[BODY].data == OK", body("{\"data\": null}")).fails().shows("[BODY].data (INVALID) == OK");
            evaluating("[BODY].items[0] == OK", body("{\"items\": [null, null]}"))
                    .fails()
                    .shows("[BODY].items[0] (INVALID) == OK");
            evaluating("has([BODY].data) == false", body("{\"data\": null}")).holds();
            evaluating("[BODY].data == OK", body("null")).fails().shows("[BODY].data (INVALID) == OK");
        }

        @Test
        void anIndexPastTheEndIsMissing() {
            evaluating("[BODY].data[0].apps[1].name == app2", body("{\"data\": [{\"apps\": []}]}"))
                    .fails()
                    .shows("[BODY].data[0].apps[1].name (INVALID) == app2");
        }

        @Test
        void aPathCannotGoThroughAString() {
            evaluating("[BODY].data.name.invalid == x", body("{\"data\": {\"name\": \"john\"}}"))
                    .fails()
                    .shows("[BODY].data.name.invalid (INVALID) == x");
        }

        @Test
        void aKeyCannotBeReadFromAnArray() {
            evaluating("has([BODY].items.name) == false", body("{\"items\": [{\"name\": \"a\"}]}"))
                    .holds();
        }

        @Test
        void hasOnlyAsksWhetherThePathLeadsSomewhere() {
            evaluating("has([BODY].users[0].name) == true", body("{\"users\": [{\"name\": \"\"}]}"))
                    .holds();
            evaluating("has([BODY].article) == true", body("{\n  \"article\": {\n    \"id\": 123\n  }\n}"))
                    .holds();
        }
    }

    @Nested
    class BodiesThatAreNotJson {

        @Test
        void aPathIntoTextIsInvalid() {
            evaluating("[BODY].status == UP", body("<html><body>UP</body></html>"))
                    .fails()
                    .shows("[BODY].status (INVALID) == UP");
            evaluating("has([BODY].status) == false", body("UP")).holds();
        }

        @Test
        void theWholeBodyIsTrimmedText() {
            evaluating("[BODY] == OK", body("OK\n")).holds();
            evaluating("[BODY] == test", body("test")).holds();
            evaluating("len([BODY]) == 8", body("john.doe")).holds();
            evaluating("has([BODY]) == false", body("  \n")).holds();
        }

        @Test
        void lenCountsBytesInUtf8() {
            evaluating("len([BODY]) == 6", body("héllo")).holds();
            evaluating("len([BODY].name) == 6", body("{\"name\": \"héllo\"}")).holds();
        }

        @Test
        void aNumericBodyComparesAsANumber() {
            evaluating("[BODY] == 123", body("123")).holds();
            evaluating("[BODY] < 124", body("123")).holds();
            evaluating("[BODY] > 123", body("100")).fails().shows("[BODY] (100) > 123");
        }

        @Test
        void aBodyThatLooksLikeAnArrayButIsNotCountsItsCharacters() {
            evaluating("len([BODY]) == 5", body("[a, b")).holds();
            evaluating("len([BODY]) == 6", body("[a, b]")).holds();
        }
    }

    @Nested
    class ArraysAtTheRoot {

        @Test
        void indexesIntoARootArray() {
            Facts facts = body("[{\"id\": 1}, {\"id\": 2}]");
            evaluating("[BODY][0].id == 1", facts).holds();
            evaluating("[BODY][1].id == 1", facts).fails().shows("[BODY][1].id (2) == 1");
            evaluating("[BODY][5].id == 1", facts).fails().shows("[BODY][5].id (INVALID) == 1");
        }

        @Test
        void lenCountsTheElementsOfARootArray() {
            evaluating("len([BODY]) == 3", body("[{\"id\": 1}, {\"id\": 2}, {\"id\": 3}]"))
                    .holds();
            evaluating("len([BODY]) == 3", body("[1, 2, 3]\n")).holds();
        }

        @Test
        void anObjectInsideAnArrayReadsAsMinifiedJsonWithSortedKeys() {
            Facts facts = body("[{\"age\":18,\"adult\":true}]");
            evaluating("len([BODY][0]) == 23", facts).holds();
            evaluating("[BODY][0] == x", facts).fails().shows("[BODY][0] ({\"adult\":true,\"age\":18}) == x");
            evaluating("len([BODY][0].age) == 2", facts).holds();
            evaluating("len([BODY][0].adult) == 4", facts).holds();
        }

        @Test
        void nestedArrays() {
            evaluating("[BODY][3][2] == 7", body("[[1, 2], [3, 4], [], [5, 6, 7]]"))
                    .holds();
            evaluating("[BODY].data[1][1] == eeeee", body("{\"data\": [[\"a\", \"b\"], [\"d\", \"eeeee\"]]}"))
                    .holds();
        }

        @Test
        void anIndexIntoAnObjectIsMissing() {
            evaluating("[BODY][0].name == test", body("{\"statusCode\": 500, \"message\": \"Internal Server Error\"}"))
                    .fails()
                    .shows("[BODY][0].name (INVALID) == test");
        }

        @Test
        void anArrayReadsAsItsElementsBetweenBracketsSoPatternsCanSearchIt() {
            Facts facts = body("{\"data\": [\"hello\", \"world\", \"Whatever\"], \"ids\": [{\"id\": 1}, {\"id\": 2}]}");
            evaluating("[BODY].data == pat(*Whatever*)", facts).holds();
            evaluating("[BODY].data == [hello world Whatever]", facts).holds();
            evaluating("[BODY].ids == x", facts).fails().shows("[BODY].ids ([map[id:1] map[id:2]]) == x");
            evaluating("[BODY].empty == []", body("{\"empty\": []}")).holds();
        }
    }

    @Nested
    class NumbersAndText {

        @Test
        void aNumberAndTheSameNumberAsTextAreEqual() {
            evaluating("[BODY].code == 200", body("{\"code\": 200}")).holds();
            evaluating("[BODY].code == 200", body("{\"code\": \"200\"}")).holds();
            evaluating(
                            "[STATUS] == [BODY].status",
                            Facts.builder()
                                    .text("STATUS", "200")
                                    .text("BODY", "{\"status\": 200}")
                                    .json("BODY", () -> Observations.parse("{\"status\": 200}"))
                                    .build())
                    .holds();
        }

        @Test
        void integersAreReadInGoSyntaxHexOctalAndBinary() {
            evaluating("[BODY].data == 1", body("{\"data\": \"0x1\"}")).holds();
            evaluating("[BODY].data == 0x1", body("{\"data\": \"0x1\"}")).holds();
            evaluating("[BODY].data == 12648243", body("{\"data\": \"0xC0ff33\"}"))
                    .holds();
            evaluating("[BODY].data == 2", body("{\"data\": \"0o2\"}")).holds();
            evaluating("[BODY].data == 0b10", body("{\"data\": \"0b0010\"}")).holds();
            evaluating("[BODY].data >= 1", body("{\"data\": \"0x01\"}")).holds();
            evaluating("[BODY].data == 8", body("{\"data\": \"010\"}")).holds(); // a leading 0 is octal
            evaluating("[BODY].data == 1000", body("{\"data\": \"1_000\"}")).holds();
            evaluating("[BODY].data == 5", body("{\"data\": \"+5\"}")).holds();
            evaluating("len([BODY].data) == 3", body("{\"data\": \"0x1\"}")).holds();
        }

        @Test
        void textThatIsNotAnIntegerComparesExactly() {
            evaluating("[BODY].data == 8", body("{\"data\": \"08\"}")).fails().shows("[BODY].data (08) == 8");
            evaluating("[BODY].status == UP", body("{\"status\": \"up\"}")).fails();
            evaluating("[BODY].name == \"john\"", body("{\"name\": \"john\"}"))
                    .fails()
                    .shows("[BODY].name (john) == \"john\""); // quotes are part of the text, as in Gatus
            evaluating("[BODY].message == all systems operational", body("{\"message\": \"all systems operational\"}"))
                    .holds();
        }

        @Test
        void textOnANumericOperatorCountsAsZero() {
            evaluating("[RESPONSE_TIME] < potato", facts("RESPONSE_TIME", "50"))
                    .fails()
                    .shows("[RESPONSE_TIME] (50) < potato (0)");
            evaluating("[BODY].status > -1", body("{\"status\": \"UP\"}")).holds();
        }

        @Test
        void anIntegerWrittenInAnotherBaseShowsItsValue() {
            evaluating("[STATUS] < 0x10", facts("STATUS", "200")).fails().shows("[STATUS] (200) < 0x10 (16)");
        }

        @Test
        void booleansAreText() {
            evaluating("[BODY].ok == true", body("{\"ok\": true}")).holds();
            evaluating("[BODY].ok == true", body("{\"ok\": \"true\"}")).holds();
            evaluating("[BODY].ok == True", body("{\"ok\": true}")).fails();
        }

        @Test
        void largeJsonNumbersKeepTheirDigits() {
            evaluating("[BODY].count == 1500000000", body("{\"count\": 1500000000}"))
                    .holds();
            evaluating("[BODY].count == 2", body("{\"count\": 1234567}"))
                    .fails()
                    .shows("[BODY].count (1234567) == 2");
            evaluating("[BODY].count > 1000000", body("{\"count\": 1e7}")).holds();
        }
    }

    @Nested
    class Decimals {

        @Test
        void aDecimalIsCutToAWholeNumberForNumericOperatorsAsInGatus() {
            evaluating("[BODY].balance > 100", body("{\"balance\": \"123.40000000000005\"}"))
                    .holds();
            evaluating("[BODY].balance > 100", body("{\"balance\": 123.40000000000005}"))
                    .holds();
            evaluating("[BODY].load < 0.85", body("{\"load\": 0.5}")).fails().shows("[BODY].load (0) < 0.85 (0)");
            evaluating("[BODY].temperature < 65", body("{\"temperature\": 64.9}"))
                    .holds();
            evaluating("[BODY].temperature > 64", body("{\"temperature\": 64.9}"))
                    .fails();
        }

        @Test
        void aDecimalEqualsTheSameTextExactly() {
            evaluating("[BODY].price == 24.99", body("{\"price\": 24.99}")).holds();
            evaluating("[BODY].price == 24.990", body("{\"price\": 24.99}")).fails();
            evaluating("[BODY].value == 1", body("{\"value\": 1.0}")).holds();
            evaluating("[BODY].value == 1.0", body("{\"value\": 1.0}")).fails().shows("[BODY].value (1) == 1.0");
        }

        @Test
        void aDecimalReadsInPlainNotation() {
            evaluating("[BODY].tiny == 0.00001", body("{\"tiny\": 1e-5}")).holds();
            evaluating("[BODY].ratio == pat(0.3*)", body("{\"ratio\": 0.3333333333333333}"))
                    .holds();
        }
    }

    @Nested
    class ShownText {

        @Test
        void aConditionThatHoldsIsShownAsWritten() {
            evaluating("[STATUS]   ==  200", facts("STATUS", "200")).holds().shows("[STATUS]   ==  200");
        }

        @Test
        void aFailureShowsEachResolvedSideInParenthesesWithSingleSpaces() {
            evaluating("  [STATUS]   ==  200 ", facts("STATUS", "503")).fails().shows("[STATUS] (503) == 200");
            evaluating(
                            "[BODY].user.firstName == [BODY].user.lastName",
                            body("{\"user\": {\"firstName\": \"john\", \"lastName\": \"doe\"}}"))
                    .fails()
                    .shows("[BODY].user.firstName (john) == [BODY].user.lastName (doe)");
            evaluating("any(200, 429) == [STATUS]", facts("STATUS", "404"))
                    .fails()
                    .shows("any(200, 429) == [STATUS] (404)");
        }

        @Test
        void aValueComparedWithAPatternIsCutAfter25Characters() {
            String page = "<!DOCTYPE html><html lang=\"en\"><head></head><body><div id=\"user\">jane.doe</div></body>"
                    + "</html>";
            evaluating("[BODY] == pat(*<div id=\"user\">john.doe</div>*)", body(page))
                    .fails()
                    .shows(
                            "[BODY] (<!DOCTYPE html><html lang...(truncated)) == pat(*<div id=\"user\">john.doe</div>*)");
            evaluating("pat(*<div id=\"user\">john.doe</div>*) == [BODY]", body(page))
                    .fails()
                    .shows(
                            "pat(*<div id=\"user\">john.doe</div>*) == [BODY] (<!DOCTYPE html><html lang...(truncated))");
        }

        @Test
        void theCutCountsCharactersNotBytes() {
            evaluating("[BODY] == pat(x*)", body("ééééééééééééééééééééééééééé"))
                    .shows("[BODY] (ééééééééééééééééééééééééé...(truncated)) == pat(x*)");
            evaluating("[BODY] == pat(x*)", body("ééééééééééééé")) // 13 characters, 26 bytes
                    .shows("[BODY] (ééééééééééééé...(truncated)) == pat(x*)");
        }

        @Test
        void aValueNotComparedWithAPatternIsShownWhole() {
            String text = "a long status message that goes on";
            evaluating("[BODY] == ok", body(text)).shows("[BODY] (" + text + ") == ok");
        }

        @Test
        void literalsOnBothSidesAreShownAsWritten() {
            evaluating("1 == 2", facts()).fails().shows("1 == 2");
            evaluating("raw == raw", facts()).holds();
        }
    }

    @Nested
    class Laziness {

        @Test
        void theBodyIsNotParsedWhenNoConditionReadsAPathInIt() {
            AtomicInteger parses = new AtomicInteger();
            Facts facts = Facts.builder()
                    .text("STATUS", "200")
                    .text("BODY", "{\"status\":\"UP\"}")
                    .json("BODY", () -> {
                        parses.incrementAndGet();
                        return Observations.parse("{\"status\":\"UP\"}");
                    })
                    .build();
            evaluating("[STATUS] == 200", facts).holds();
            evaluating("[BODY] == pat(*UP*)", facts).holds();
            evaluating("len([BODY]) > 2", facts).holds();
            assertThat(parses).hasValue(0);
        }

        @Test
        void theBodyIsParsedOnceForAllConditionsOfAProbe() {
            AtomicInteger parses = new AtomicInteger();
            Facts facts = Facts.builder()
                    .text("BODY", "{\"status\":\"UP\",\"items\":[1,2]}")
                    .json("BODY", () -> {
                        parses.incrementAndGet();
                        return Observations.parse("{\"status\":\"UP\",\"items\":[1,2]}");
                    })
                    .build();
            evaluating("[BODY].status == UP", facts).holds();
            evaluating("len([BODY].items) == 2", facts).holds();
            evaluating("has([BODY].errors) == false", facts).holds();
            assertThat(parses).hasValue(1);
        }

        @Test
        void aParsedConditionEvaluatesAgainstManyProbes() {
            Condition condition = condition("[BODY].status == UP");
            assertThat(condition.evaluate(body("{\"status\":\"UP\"}")).success())
                    .isTrue();
            assertThat(condition.evaluate(body("{\"status\":\"DOWN\"}")).success())
                    .isFalse();
            assertThat(condition
                            .evaluate(Facts.builder()
                                    .json("BODY", Optional::empty)
                                    .build())
                            .resolved())
                    .isEqualTo("[BODY].status (INVALID) == UP");
        }
    }
}
