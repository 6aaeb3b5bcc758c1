package dev.steward.catalog;

import static dev.steward.catalog.CatalogAssertions.errors;
import static dev.steward.catalog.CatalogAssertions.loaded;
import static dev.steward.catalog.CatalogAssertions.read;
import static dev.steward.catalog.CatalogAssertions.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.catalog.ThresholdRule.Comparison;
import dev.steward.catalog.ThresholdRule.Measure;
import dev.steward.catalog.ThresholdRule.Threshold;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policies section, the alert policy each monitor resolves to, and the names monitors and services depend on. */
class CatalogPoliciesTest {

    private static final String SERVICES = """
            services:
              api:
                monitors:
                  health: { type: http, url: https://api.example.com/health }
            """;

    @Test
    void readsPoliciesWithEveryFieldAndTheirRules() {
        Catalog catalog = loaded(read("""
                policies:
                  strict:
                    failureThreshold: 3
                    window: 5
                    successThreshold: 4
                    severity: critical
                    repeatEvery: 1h
                  latency:
                    repeatEvery: never
                    rules:
                      - measure: latency.p95
                        over: 10m
                        warning: "> 500ms"
                        critical: ">= 1s"
                        for: 2m
                      - measure: uptime
                        warning: "< 99.9"
                        critical: < 99%
                        warningSeverity: low
                      - measure: certificate.expiry
                        warning: "< 14d"
                        critical: "<= 2d"
                """ + SERVICES));

        assertThat(catalog.alerting().policies())
                .containsOnlyKeys("strict", "latency")
                .containsEntry(
                        "strict",
                        new AlertPolicy("strict", 3, 5, 4, Severity.CRITICAL, Duration.ofHours(1), List.of()));
        AlertPolicy latency = catalog.alerting().policies().get("latency");
        assertThat(latency.repeatEvery()).isZero();
        assertThat(latency.failureThreshold()).isEqualTo(3);
        assertThat(latency.window()).isEqualTo(3);
        assertThat(latency.rules())
                .containsExactly(
                        new ThresholdRule(
                                Measure.LATENCY_P95,
                                Duration.ofMinutes(10),
                                Optional.of(new Threshold(Comparison.GREATER, 500, "> 500ms")),
                                Optional.of(new Threshold(Comparison.GREATER_OR_EQUAL, 1000, ">= 1s")),
                                Duration.ofMinutes(2),
                                Severity.MEDIUM),
                        new ThresholdRule(
                                Measure.UPTIME,
                                Duration.ofMinutes(5),
                                Optional.of(new Threshold(Comparison.LESS, 99.9, "< 99.9")),
                                Optional.of(new Threshold(Comparison.LESS, 99, "< 99%")),
                                Duration.ZERO,
                                Severity.LOW),
                        new ThresholdRule(
                                Measure.CERTIFICATE_EXPIRY,
                                Duration.ZERO,
                                Optional.of(new Threshold(Comparison.LESS, 14 * 86_400_000.0, "< 14d")),
                                Optional.of(new Threshold(Comparison.LESS_OR_EQUAL, 2 * 86_400_000.0, "<= 2d")),
                                Duration.ZERO,
                                Severity.MEDIUM));
    }

    @Test
    void givesAPolicyTheStandardValuesItLeavesOut() {
        Catalog catalog = loaded(read("""
                policies:
                  quiet: {}
                  noisy:
                    failureThreshold: 1
                    repeatEvery: 0
                """ + SERVICES));

        assertThat(catalog.alerting().policies().get("quiet"))
                .isEqualTo(new AlertPolicy("quiet", 3, 3, 2, Severity.HIGH, Duration.ofMinutes(30), List.of()));
        assertThat(catalog.alerting().policies().get("noisy"))
                .isEqualTo(new AlertPolicy("noisy", 1, 1, 2, Severity.HIGH, Duration.ZERO, List.of()));
    }

    @Test
    void aMonitorsOwnPolicyWinsThenItsServicesThenTheDefaults() {
        Catalog catalog = loaded(read("""
                defaults:
                  alert: relaxed
                policies:
                  relaxed: { failureThreshold: 5 }
                  strict: { failureThreshold: 1 }
                  latency: { rules: [{ measure: latency.p99, critical: "> 2s" }] }
                services:
                  api:
                    alert: strict
                    monitors:
                      health: { type: http, url: https://api.example.com/health }
                      slow: { type: http, url: https://api.example.com/slow, alert: latency }
                  db:
                    monitors:
                      port: { type: tcp, host: db.internal, port: 5432 }
                """));

        assertThat(catalog.monitor(MonitorKey.parse("api/health")).orElseThrow().alert())
                .contains("strict");
        assertThat(catalog.monitor(MonitorKey.parse("api/slow")).orElseThrow().alert())
                .contains("latency");
        Monitor port = catalog.monitor(MonitorKey.parse("db/port")).orElseThrow();
        assertThat(port.alert()).contains("relaxed");
        assertThat(catalog.policyOf(port).failureThreshold()).isEqualTo(5);
    }

    @Test
    void aPolicyNamedDefaultReplacesTheStandardOneForMonitorsThatNameNone() {
        Catalog catalog = loaded(read("""
                policies:
                  default: { failureThreshold: 2, severity: critical }
                """ + SERVICES));

        Monitor health = catalog.monitors().getFirst();
        assertThat(health.alert()).isEmpty();
        assertThat(catalog.policyOf(health))
                .isEqualTo(new AlertPolicy("default", 2, 2, 2, Severity.CRITICAL, Duration.ofMinutes(30), List.of()));
    }

    @Test
    void theDefaultPolicyIsAlwaysKnown() {
        Catalog catalog = loaded(read("""
                defaults:
                  alert: default
                """ + SERVICES));

        assertThat(catalog.policyOf(catalog.monitors().getFirst())).isEqualTo(AlertPolicy.standard());
    }

    @Test
    void reportsAPolicyNameThatIsNotDeclaredWhereverItIsWritten() {
        assertThat(errors(read("""
                        defaults:
                          alert: defualt
                        policies:
                          latency: {}
                        services:
                          api:
                            alert: latncy
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                alert: paging
                        """)))
                .containsExactly(
                        "steward.yml:2:10 defaults.alert: no policy is named defualt; did you mean `default`?",
                        "steward.yml:7:12 services.api.alert: no policy is named latncy; did you mean `latency`?",
                        "steward.yml:12:16 services.api.monitors.health.alert: no policy is named paging; policies"
                                + " are default, latency");
    }

    @Test
    void reportsEveryInvalidPolicyField() {
        assertThat(errors(read("""
                        policies:
                          a:
                            failureThreshold: 0
                            successThreshold: two
                            severity: High
                            repeatEvery: soon
                          b:
                            failureThreshold: 4
                            window: 3
                          c:
                            window: 101
                            failureTreshold: 2
                            severity: urgent
                          Bad Name: {}
                        """ + SERVICES)))
                .containsExactly(
                        "steward.yml:3:23 policies.a.failureThreshold: \"0\" is not a whole number from 1 to 100",
                        "steward.yml:4:23 policies.a.successThreshold: \"two\" is not a whole number of at least 1",
                        "steward.yml:5:15 policies.a.severity: \"High\" is not a severity; did you mean `high`? (one"
                                + " of critical, high, medium, low)",
                        "steward.yml:6:18 policies.a.repeatEvery: \"soon\" is not a duration (use 30m, 1h; 0 or never"
                                + " for no repeat)",
                        "steward.yml:9:13 policies.b.window: 3 is smaller than failureThreshold 4: the alert fires"
                                + " when failureThreshold of the last window results failed, so window is from 4 to"
                                + " 100",
                        "steward.yml:11:13 policies.c.window: \"101\" is not a whole number from 1 to 100",
                        "steward.yml:12:5 policies.c.failureTreshold: unknown field; did you mean"
                                + " `failureThreshold`?",
                        "steward.yml:13:15 policies.c.severity: \"urgent\" is not a severity (one of critical, high,"
                                + " medium, low)",
                        "steward.yml:14:3 policies.Bad Name: \"Bad Name\" is not a valid policy name: use lowercase"
                                + " letters, digits, -, _ and ., starting with a letter or digit, at most 64"
                                + " characters (e.g. bad-name)");
    }

    @Test
    void raisesAShortRepeatToAMinuteWithAWarning() {
        CatalogLoad load = read("""
                policies:
                  chatty: { repeatEvery: 10s }
                """ + SERVICES);

        assertThat(loaded(load).alerting().policies().get("chatty").repeatEvery())
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(warnings(load))
                .containsExactly(
                        "steward.yml:2:26 policies.chatty.repeatEvery: 10s is below the minimum of 1m; using 1m");
    }

    @Test
    void reportsEveryInvalidRule() {
        assertThat(errors(read("""
                        policies:
                          rules:
                            rules:
                              - over: 5m
                                critical: "> 1s"
                              - measure: latency.p90
                                critical: "> 1s"
                              - measure: latency.p50
                                warning: "500ms"
                                critical: "> 500"
                              - measure: uptime
                                critical: "< 101%"
                              - measure: latency.avg
                                over: 0s
                              - measure: latency.p99
                                warning: "> 1s"
                                critical: "> 500ms"
                              - measure: certificate.expiry
                                warning: "< 14d"
                                critical: "> 1d"
                        """ + SERVICES)))
                .containsExactly(
                        "steward.yml:4:9 policies.rules.rules[0].measure: required; one of latency.p50, latency.p95,"
                                + " latency.p99, latency.avg, uptime, certificate.expiry",
                        "steward.yml:6:18 policies.rules.rules[1].measure: \"latency.p90\" is not a measure; did you"
                                + " mean `latency.p50`? (one of latency.p50, latency.p95, latency.p99, latency.avg,"
                                + " uptime, certificate.expiry)",
                        "steward.yml:9:18 policies.rules.rules[2].warning: \"500ms\" is not a threshold: write a"
                                + " comparison (>, >=, < or <=) and a duration (500ms, 1s, 14d), e.g. \"> 500ms\"",
                        "steward.yml:10:19 policies.rules.rules[2].critical: \"> 500\" is not a threshold for"
                                + " latency.p50: compare with a duration (500ms, 1s, 14d), e.g. \"> 500ms\"",
                        "steward.yml:12:19 policies.rules.rules[3].critical: \"< 101%\" is not a threshold for uptime:"
                                + " compare with a percentage from 0 to 100 (99% or 99.9), e.g. \"< 99%\"",
                        "steward.yml:13:9 policies.rules.rules[4]: give a warning level, a critical level or both,"
                                + " e.g. critical: \"> 500ms\"",
                        "steward.yml:14:15 policies.rules.rules[4].over: must be longer than 0, e.g. 5m",
                        "steward.yml:17:19 policies.rules.rules[5].critical: \"> 500ms\" is below the warning level"
                                + " \"> 1s\": the critical level must be at or above the warning level (swap them?)",
                        "steward.yml:20:19 policies.rules.rules[6].critical: \"> 1d\" compares the other way from the"
                                + " warning level \"< 14d\"; use > or >= for both, or < or <= for both");
    }

    @Test
    void reportsASecondRuleForTheSameMeasure() {
        assertThat(errors(read("""
                        policies:
                          latency:
                            rules:
                              - { measure: latency.p95, warning: "> 500ms" }
                              - { measure: latency.p95, critical: "> 1s" }
                        """ + SERVICES)))
                .containsExactly("steward.yml:5:20 policies.latency.rules[1].measure: the policy already has a rule"
                        + " for latency.p95 (line 4); give each measure one rule with a warning and a critical level");
    }

    @Test
    void wantsUptimeLevelsInDescendingOrder() {
        assertThat(errors(read("""
                        policies:
                          uptime:
                            rules:
                              - { measure: uptime, warning: "< 99%", critical: "< 99.9%" }
                        """ + SERVICES)))
                .containsExactly("steward.yml:4:56 policies.uptime.rules[0].critical: \"< 99.9%\" is above the"
                        + " warning level \"< 99%\": the critical level must be at or below the warning level (swap"
                        + " them?)");
    }

    @Test
    void warnsAboutFieldsARuleIgnores() {
        CatalogLoad load = read("""
                policies:
                  tls:
                    rules:
                      - measure: certificate.expiry
                        over: 1h
                        critical: "< 7d"
                        warningSeverity: high
                """ + SERVICES);

        assertThat(loaded(load)
                        .alerting()
                        .policies()
                        .get("tls")
                        .rules()
                        .getFirst()
                        .over())
                .isZero();
        assertThat(warnings(load))
                .containsExactly(
                        "steward.yml:5:9 policies.tls.rules[0].over: ignored: certificate.expiry reads the certificate"
                                + " of the last result, not a window",
                        "steward.yml:7:9 policies.tls.rules[0].warningSeverity: has no effect: the rule has no warning"
                                + " level");
    }

    @Test
    void hintsThatAThresholdStartingWithGreaterThanMustBeQuoted() {
        assertThat(errors(read("""
                        policies:
                          latency:
                            rules:
                              - measure: latency.p95
                                warning: > 500ms
                        """ + SERVICES)))
                .singleElement()
                .asString()
                .startsWith("steward.yml:5:20 YAML syntax error:")
                .endsWith("; a threshold that starts with > must be quoted: warning: \"> 500ms\"");
    }

    @Test
    void readsMonitorDependenciesOnServicesAndOtherMonitors() {
        Catalog catalog = loaded(read("""
                services:
                  api:
                    monitors:
                      health:
                        type: http
                        url: https://api.example.com/health
                        dependsOn: [db, api/ready]
                      ready: { type: http, url: https://api.example.com/ready }
                  db:
                    monitors:
                      port: { type: tcp, host: db.internal, port: 5432 }
                """));

        assertThat(catalog.monitor(MonitorKey.parse("api/health")).orElseThrow().dependsOn())
                .containsExactly("db", "api/ready");
        assertThat(catalog.monitor(MonitorKey.parse("api/ready")).orElseThrow().dependsOn())
                .isEmpty();
    }

    @Test
    void reportsMonitorDependenciesThatNameNothingOrThemselves() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                dependsOn: [dbb, api/helth, api/health, api, db/postgres, cache/port]
                          db:
                            monitors:
                              port: { type: tcp, host: db.internal, port: 5432 }
                        """)))
                .containsExactly(
                        "steward.yml:7:21 services.api.monitors.health.dependsOn[0]: no service is named dbb; did you"
                                + " mean `db`?",
                        "steward.yml:7:26 services.api.monitors.health.dependsOn[1]: no monitor is named api/helth;"
                                + " did you mean `api/health`?",
                        "steward.yml:7:37 services.api.monitors.health.dependsOn[2]: a monitor cannot depend on itself"
                                + " (api/health)",
                        "steward.yml:7:49 services.api.monitors.health.dependsOn[3]: a monitor cannot depend on its own"
                                + " service (api): that includes the monitor itself; name another monitor of it, e.g."
                                + " api/<monitor>",
                        "steward.yml:7:54 services.api.monitors.health.dependsOn[4]: no monitor is named db/postgres;"
                                + " monitors are db/port",
                        "steward.yml:7:67 services.api.monitors.health.dependsOn[5]: no monitor is named cache/port;"
                                + " monitors are api/health, db/port");
    }

    @Test
    void reportsACycleOfServiceDependenciesOnce() {
        assertThat(errors(read("""
                        services:
                          web:
                            dependsOn: [api]
                          api:
                            dependsOn: [db]
                          db:
                            dependsOn: [web]
                          cache:
                            dependsOn: [cache2]
                          cache2:
                            dependsOn: [cache]
                        """)))
                .containsExactly(
                        "steward.yml:7:17 services.db.dependsOn[0]: dependsOn forms a cycle: web → api → db → web;"
                                + " remove one of these dependencies",
                        "steward.yml:11:17 services.cache2.dependsOn[0]: dependsOn forms a cycle: cache → cache2 →"
                                + " cache; remove one of these dependencies");
    }
}
