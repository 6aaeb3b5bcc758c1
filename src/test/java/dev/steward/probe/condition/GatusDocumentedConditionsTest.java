package dev.steward.probe.condition;

import static dev.steward.probe.condition.Observations.body;
import static dev.steward.probe.condition.Observations.evaluating;
import static dev.steward.probe.condition.Observations.facts;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every condition example of Gatus's documentation, evaluated with the passing and failing values the documentation
 * gives (or implies), so that a condition pasted from a Gatus configuration means the same in Steward.
 *
 * <p>Source: github.com/TwiN/gatus README.md at commit 001d7801a05fdc921cc2b5b510ba0724f5cbcd09 (Gatus v5), sections
 * "Usage" (the simple example), "Conditions" (the table of examples), "Functions" (the table and the tip on pat()). The
 * shown texts follow config/endpoint/condition_test.go at commit 52737ef5f134085a2843a03633b15eca3e058771.
 */
class GatusDocumentedConditionsTest {

    private static Facts status(int code) {
        return facts("STATUS", Integer.toString(code));
    }

    private static Facts responseTime(long millis) {
        return facts("RESPONSE_TIME", Long.toString(millis));
    }

    private static Facts certificateExpiresIn(Duration duration) {
        return facts("CERTIFICATE_EXPIRATION", Long.toString(duration.toMillis()));
    }

    private static Facts domainExpiresIn(Duration duration) {
        return facts("DOMAIN_EXPIRATION", Long.toString(duration.toMillis()));
    }

    // Usage: the simple example

    @Test
    void statusMustBeExactly200() {
        evaluating("[STATUS] == 200", status(200)).holds().shows("[STATUS] == 200");
        evaluating("[STATUS] == 200", status(201)).fails().shows("[STATUS] (201) == 200");
        evaluating("[STATUS] == 200", status(404)).fails().shows("[STATUS] (404) == 200");
    }

    @Test
    void jsonStatusFieldMustBeUp() {
        evaluating("[BODY].status == UP", body("{\"status\":\"UP\"}")).holds();
        evaluating("[BODY].status == UP", body("{\"status\":\"DOWN\"}")).fails().shows("[BODY].status (DOWN) == UP");
    }

    @Test
    void responseTimeMustBeUnder300Milliseconds() {
        evaluating("[RESPONSE_TIME] < 300", responseTime(120)).holds();
        evaluating("[RESPONSE_TIME] < 300", responseTime(300)).fails().shows("[RESPONSE_TIME] (300) < 300");
    }

    @Test
    void bodyMustContainTheHeaderGivenByAPattern() {
        String page = "<!doctype html>\n<html>\n<head>\n<title>Example Domain</title>\n</head>\n<body>\n<div>\n"
                + "<h1>Example Domain</h1>\n<p>This domain is for use in examples.</p>\n</div>\n</body>\n</html>\n";
        evaluating("[BODY] == pat(*<h1>Example Domain</h1>*)", body(page)).holds();
        evaluating("[BODY] == pat(*<h1>Example Domain</h1>*)", body(page.replace("<h1>", "<h2>")))
                .fails()
                .shows("[BODY] (<!doctype html>\n<html>\n<h...(truncated)) == pat(*<h1>Example Domain</h1>*)");
    }

    // Conditions: the table of examples

    @Test
    void statusMustBeLowerThan300() {
        for (int passing : new int[] {200, 201, 299}) {
            evaluating("[STATUS] < 300", status(passing)).holds();
        }
        for (int failing : new int[] {301, 302}) {
            evaluating("[STATUS] < 300", status(failing)).fails();
        }
        evaluating("[STATUS] < 300", status(404)).shows("[STATUS] (404) < 300");
    }

    @Test
    void statusMustBeAtMost299() {
        for (int passing : new int[] {200, 201, 299}) {
            evaluating("[STATUS] <= 299", status(passing)).holds();
        }
        for (int failing : new int[] {301, 302}) {
            evaluating("[STATUS] <= 299", status(failing)).fails();
        }
    }

    @Test
    void statusMustBeGreaterThan400() {
        for (int passing : new int[] {401, 402, 403, 404}) {
            evaluating("[STATUS] > 400", status(passing)).holds();
        }
        for (int failing : new int[] {400, 200}) {
            evaluating("[STATUS] > 400", status(failing)).fails();
        }
    }

    @Test
    void statusMustBeEither200Or429() {
        evaluating("[STATUS] == any(200, 429)", status(200)).holds();
        evaluating("[STATUS] == any(200, 429)", status(429)).holds();
        evaluating("[STATUS] == any(200, 429)", status(201)).fails().shows("[STATUS] (201) == any(200, 429)");
        evaluating("[STATUS] == any(200, 429)", status(400)).fails();
    }

    @Test
    void connectionToTheHostMustHaveSucceeded() {
        evaluating("[CONNECTED] == true", facts("CONNECTED", "true")).holds();
        evaluating("[CONNECTED] == true", facts("CONNECTED", "false")).fails().shows("[CONNECTED] (false) == true");
    }

    @Test
    void responseTimeMustBeBelow500Milliseconds() {
        for (long passing : new long[] {100, 200, 300}) {
            evaluating("[RESPONSE_TIME] < 500", responseTime(passing)).holds();
        }
        evaluating("[RESPONSE_TIME] < 500", responseTime(500)).fails().shows("[RESPONSE_TIME] (500) < 500");
        evaluating("[RESPONSE_TIME] < 500", responseTime(501)).fails();
    }

    @Test
    void targetIpMustBeLoopback() {
        evaluating("[IP] == 127.0.0.1", facts("IP", "127.0.0.1")).holds().shows("[IP] == 127.0.0.1");
        evaluating("[IP] == 127.0.0.1", facts("IP", "0.0.0.0")).fails().shows("[IP] (0.0.0.0) == 127.0.0.1");
    }

    @Test
    void bodyMustBeEqualTo1() {
        evaluating("[BODY] == 1", body("1")).holds();
        evaluating("[BODY] == 1", body("{}")).fails().shows("[BODY] ({}) == 1");
        evaluating("[BODY] == 1", body("2")).fails();
    }

    @Test
    void jsonPathUserNameMustBeJohn() {
        evaluating("[BODY].user.name == john", body("{\"user\":{\"name\":\"john\"}}"))
                .holds();
        evaluating("[BODY].user.name == john", body("{\"user\":{\"name\":\"jane\"}}"))
                .fails()
                .shows("[BODY].user.name (jane) == john");
    }

    @Test
    void firstDataElementIdMustBe1() {
        evaluating("[BODY].data[0].id == 1", body("{\"data\":[{\"id\":1}]}")).holds();
        evaluating("[BODY].data[0].id == 1", body("{\"data\":[{\"id\":2},{\"id\":1}]}"))
                .fails()
                .shows("[BODY].data[0].id (2) == 1");
    }

    @Test
    void ageMustEqualIdWhenBothSidesArePaths() {
        evaluating("[BODY].age == [BODY].id", body("{\"age\":1,\"id\":1}")).holds();
        evaluating("[BODY].age == [BODY].id", body("{\"age\":1,\"id\":2}"))
                .fails()
                .shows("[BODY].age (1) == [BODY].id (2)");
    }

    @Test
    void dataArrayMustHaveFewerThan5Elements() {
        evaluating("len([BODY].data) < 5", body("{\"data\":[{\"id\":1}]}")).holds();
        evaluating("len([BODY].data) < 5", body("{\"data\":[1,2,3,4,5]}"))
                .fails()
                .shows("len([BODY].data) (5) < 5");
    }

    @Test
    void nameStringMustHaveALengthOf8() {
        evaluating("len([BODY].name) == 8", body("{\"name\":\"john.doe\"}")).holds();
        evaluating("len([BODY].name) == 8", body("{\"name\":\"bob\"}")).fails().shows("len([BODY].name) (3) == 8");
    }

    @Test
    void errorsMustNotExist() {
        evaluating("has([BODY].errors) == false", body("{\"name\":\"john.doe\"}"))
                .holds();
        evaluating("has([BODY].errors) == false", body("{\"errors\":[]}"))
                .fails()
                .shows("has([BODY].errors) (true) == false");
    }

    @Test
    void usersMustExistEvenWhenEmpty() {
        evaluating("has([BODY].users) == true", body("{\"users\":[]}")).holds();
        evaluating("has([BODY].users) == true", body("{}")).fails().shows("has([BODY].users) (false) == true");
    }

    @Test
    void nameMustMatchThePatternJohnStar() {
        evaluating("[BODY].name == pat(john*)", body("{\"name\":\"john.doe\"}")).holds();
        evaluating("[BODY].name == pat(john*)", body("{\"name\":\"bob\"}"))
                .fails()
                .shows("[BODY].name (bob) == pat(john*)");
    }

    @Test
    void idMustBeOneOf1Or2() {
        evaluating("[BODY].id == any(1, 2)", body("{\"id\":1}")).holds();
        evaluating("[BODY].id == any(1, 2)", body("{\"id\":2}")).holds();
        for (int failing : new int[] {3, 4, 5}) {
            evaluating("[BODY].id == any(1, 2)", body("{\"id\":" + failing + "}"))
                    .fails();
        }
    }

    @Test
    void certificateMustExpireMoreThan48HoursFromNow() {
        for (long hours : new long[] {49, 50, 123}) {
            evaluating("[CERTIFICATE_EXPIRATION] > 48h", certificateExpiresIn(Duration.ofHours(hours)))
                    .holds();
        }
        evaluating("[CERTIFICATE_EXPIRATION] > 48h", certificateExpiresIn(Duration.ofHours(1)))
                .fails()
                .shows("[CERTIFICATE_EXPIRATION] (1h) > 48h");
        evaluating("[CERTIFICATE_EXPIRATION] > 48h", certificateExpiresIn(Duration.ofHours(24)))
                .fails()
                .shows("[CERTIFICATE_EXPIRATION] (24h) > 48h");
    }

    @Test
    void domainMustExpireMoreThan720HoursFromNow() {
        evaluating("[DOMAIN_EXPIRATION] > 720h", domainExpiresIn(Duration.ofHours(4000)))
                .holds();
        evaluating("[DOMAIN_EXPIRATION] > 720h", domainExpiresIn(Duration.ofHours(1)))
                .fails()
                .shows("[DOMAIN_EXPIRATION] (1h) > 720h");
        evaluating("[DOMAIN_EXPIRATION] > 720h", domainExpiresIn(Duration.ofHours(24)))
                .fails();
    }

    // Functions: the table and the tip

    @Test
    void usernameMustBeLongerThan8Characters() {
        evaluating("len([BODY].username) > 8", body("{\"username\":\"john.doe.42\"}"))
                .holds();
        evaluating("len([BODY].username) > 8", body("{\"username\":\"john\"}"))
                .fails()
                .shows("len([BODY].username) (4) > 8");
    }

    @Test
    void lenOfAnObjectCountsTheCharactersOfItsMinifiedJson() {
        // "the JSON at the given path is minified and converted to a string": {"a":1,"b":[true,null]} is 23 characters
        evaluating("len([BODY].data) == 23", body("{\"data\": { \"b\": [true, null], \"a\": 1 }}"))
                .holds();
    }

    @Test
    void ipMustMatchThePattern192Dot168Star() {
        evaluating("[IP] == pat(192.168.*)", facts("IP", "192.168.1.20")).holds();
        evaluating("[IP] == pat(192.168.*)", facts("IP", "10.0.0.1"))
                .fails()
                .shows("[IP] (10.0.0.1) == pat(192.168.*)");
    }

    @Test
    void ipMustBeOneOfTheLoopbackAddresses() {
        evaluating("[BODY].ip == any(127.0.0.1, ::1)", body("{\"ip\":\"127.0.0.1\"}"))
                .holds();
        evaluating("[BODY].ip == any(127.0.0.1, ::1)", body("{\"ip\":\"::1\"}")).holds();
        evaluating("[BODY].ip == any(127.0.0.1, ::1)", body("{\"ip\":\"10.0.0.1\"}"))
                .fails()
                .shows("[BODY].ip (10.0.0.1) == any(127.0.0.1, ::1)");
    }

    @Test
    void statusPatternAndStatusBelow300AgreeOnSuccessCodes() {
        for (int code : new int[] {200, 204, 299}) {
            evaluating("[STATUS] == pat(2*)", status(code)).holds();
            evaluating("[STATUS] < 300", status(code)).holds();
        }
        evaluating("[STATUS] == pat(2*)", status(404)).fails().shows("[STATUS] (404) == pat(2*)");
    }
}
