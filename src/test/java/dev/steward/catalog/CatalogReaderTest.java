package dev.steward.catalog;

import static dev.steward.catalog.CatalogAssertions.errors;
import static dev.steward.catalog.CatalogAssertions.loaded;
import static dev.steward.catalog.CatalogAssertions.read;
import static dev.steward.catalog.CatalogAssertions.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Secret;
import dev.steward.probe.condition.Condition;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CatalogReaderTest {

    @Test
    void appliesDefaultsToEveryMonitorKind() {
        Catalog catalog = loaded(read("""
                services:
                  api:
                    monitors:
                      health:
                        type: http
                        url: https://api.example.com/health
                      port:
                        type: tcp
                        host: api.example.com
                        port: 443
                      db:
                        type: postgres
                        url: postgres://monitor@db.internal/app
                      cache:
                        type: redis
                        url: redis://cache.internal:6379
                      cert:
                        type: tls
                        host: api.example.com
                      name:
                        type: dns
                        name: api.example.com
                """));

        Monitor health = catalog.monitor(MonitorKey.parse("api/health")).orElseThrow();
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(health.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(health.enabled()).isTrue();
        assertThat(health.alert()).isEmpty();
        assertThat(health.description()).isEmpty();
        assertThat(health.location()).isEqualTo("steward.yml:4:7");
        assertThat(texts(health.conditions())).containsExactly("[STATUS] < 300");
        assertThat(health.warn()).isEmpty();
        assertThat(health.probe())
                .isEqualTo(new ProbeSpec.Http(
                        "GET",
                        URI.create("https://api.example.com/health"),
                        Map.of(),
                        Optional.empty(),
                        true,
                        Optional.empty(),
                        false));

        Monitor port = catalog.monitor(MonitorKey.parse("api/port")).orElseThrow();
        assertThat(port.probe()).isEqualTo(new ProbeSpec.Tcp("api.example.com", 443));
        assertThat(texts(port.conditions())).containsExactly("[CONNECTED] == true");

        Monitor db = catalog.monitor(MonitorKey.parse("api/db")).orElseThrow();
        ProbeSpec.Postgres postgres = (ProbeSpec.Postgres) db.probe();
        assertThat(postgres.query()).isEqualTo("select 1");
        assertThat(postgres.url().jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/app");
        assertThat(postgres.url().username()).isEqualTo("monitor");
        assertThat(db.conditions()).isEmpty();

        Monitor cache = catalog.monitor(MonitorKey.parse("api/cache")).orElseThrow();
        assertThat(((ProbeSpec.Redis) cache.probe()).info()).isFalse();
        assertThat(cache.conditions()).isEmpty();

        assertThat(catalog.monitor(MonitorKey.parse("api/cert")).orElseThrow().probe())
                .isEqualTo(new ProbeSpec.Tls("api.example.com", 443, Optional.empty(), true, false));
        assertThat(catalog.monitor(MonitorKey.parse("api/name")).orElseThrow().probe())
                .isEqualTo(new ProbeSpec.Dns("api.example.com", "A", Optional.empty(), List.of()));
    }

    @Test
    void readsEveryFieldOfServicesAndMonitors() {
        Catalog catalog = loaded(read("""
                defaults:
                  interval: 1m
                  timeout: 10s
                  alert: default
                policies:
                  latency: {}
                services:
                  booky-api:
                    description: Booky backend API
                    group: booky
                    tags: [production, api]
                    owner: team-booky
                    runbook: https://git.example.com/booky/RUNBOOK.md
                    links:
                      dashboard: https://grafana.example.com/d/booky
                    dependsOn: [booky-db]
                    status: { public: true, name: "API" }
                    monitors:
                      health:
                        type: http
                        description: The API answers
                        interval: 15s
                        timeout: 2s
                        enabled: false
                        url: https://api.example.com/health
                        method: POST
                        headers:
                          Accept: application/json
                        body: '{"ping": true}'
                        followRedirects: false
                        auth: { bearer: "${TOKEN}" }
                        insecure: true
                        conditions: ["[STATUS] == 200"]
                        warn: ["[RESPONSE_TIME] < 300"]
                        alert: latency
                      basic:
                        type: http
                        url: http://api.example.com/admin
                        auth: { basic: { username: monitor, password: "${PASSWORD}" } }
                      cert:
                        type: tls
                        host: 192.0.2.10
                        port: 8443
                        serverName: api.example.com
                        verifyHostname: false
                        insecure: true
                      name:
                        type: dns
                        name: api.example.com
                        queryType: AAAA
                        server: "[2001:db8::53]:5353"
                        expect: [2001:db8::10]
                  booky-db:
                    monitors:
                      cache:
                        type: redis
                        url: rediss://steward:${PASSWORD}@cache.internal:6380/2
                        conditions: ["[INFO].used_memory < 1000000"]
                      query:
                        type: postgres
                        url: jdbc:postgresql://db.internal:5433/booky?user=monitor
                        query: select count(*) as stuck from jobs
                """, Map.of("TOKEN", "tok-123456", "PASSWORD", "pw-987654")));

        MonitoredService api = catalog.service("booky-api").orElseThrow();
        assertThat(api.description()).isEqualTo("Booky backend API");
        assertThat(api.group()).contains("booky");
        assertThat(api.owner()).contains("team-booky");
        assertThat(api.tags()).containsExactly("production", "api");
        assertThat(api.dependsOn()).containsExactly("booky-db");
        assertThat(api.runbook()).contains(URI.create("https://git.example.com/booky/RUNBOOK.md"));
        assertThat(api.links()).containsEntry("dashboard", URI.create("https://grafana.example.com/d/booky"));

        Monitor health = catalog.monitor(MonitorKey.parse("booky-api/health")).orElseThrow();
        assertThat(health.description()).isEqualTo("The API answers");
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(health.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(health.enabled()).isFalse();
        assertThat(health.alert()).contains("latency");
        assertThat(texts(health.conditions())).containsExactly("[STATUS] == 200");
        assertThat(texts(health.warn())).containsExactly("[RESPONSE_TIME] < 300");
        assertThat(health.probe())
                .isEqualTo(new ProbeSpec.Http(
                        "POST",
                        URI.create("https://api.example.com/health"),
                        Map.of("Accept", "application/json"),
                        Optional.of("{\"ping\": true}"),
                        false,
                        Optional.of(new ProbeSpec.HttpAuth.Bearer(new Secret("tok-123456"))),
                        true));

        Monitor basic = catalog.monitor(MonitorKey.parse("booky-api/basic")).orElseThrow();
        assertThat(basic.alert()).as("the default policy").contains("default");
        assertThat(basic.interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(basic.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(((ProbeSpec.Http) basic.probe()).auth())
                .contains(new ProbeSpec.HttpAuth.Basic("monitor", new Secret("pw-987654")));

        assertThat(catalog.monitor(MonitorKey.parse("booky-api/cert"))
                        .orElseThrow()
                        .probe())
                .isEqualTo(new ProbeSpec.Tls("192.0.2.10", 8443, Optional.of("api.example.com"), false, true));
        assertThat(catalog.monitor(MonitorKey.parse("booky-api/name"))
                        .orElseThrow()
                        .probe())
                .isEqualTo(new ProbeSpec.Dns(
                        "api.example.com", "AAAA", Optional.of("[2001:db8::53]:5353"), List.of("2001:db8::10")));

        ProbeSpec.Redis redis = (ProbeSpec.Redis) catalog.monitor(MonitorKey.parse("booky-db/cache"))
                .orElseThrow()
                .probe();
        assertThat(redis.info()).as("a condition reads [INFO]").isTrue();
        assertThat(redis.url().uri().getUserInfo()).isEqualTo("steward:pw-987654");
        assertThat(redis.url().describe()).isEqualTo("rediss://cache.internal:6380/2");

        ProbeSpec.Postgres query = (ProbeSpec.Postgres) catalog.monitor(MonitorKey.parse("booky-db/query"))
                .orElseThrow()
                .probe();
        assertThat(query.query()).isEqualTo("select count(*) as stuck from jobs");
        assertThat(query.url().describe()).isEqualTo("db.internal:5433/booky");
    }

    @Test
    void reportsABadDurationAtItsValue() {
        assertThat(errors(read("""
                        services:
                          booky-api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                interval: 5x
                        """)))
                .containsExactly("steward.yml:7:19 services.booky-api.monitors.health.interval:"
                        + " \"5x\" is not a duration (use 30s, 5m)");
    }

    @Test
    void suggestsTheClosestFieldForAnUnknownOne() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                intervall: 1m
                        """)))
                .containsExactly(
                        "steward.yml:7:9 services.api.monitors.health.intervall: unknown field; did you mean `interval`?");
    }

    @Test
    void listsTheAllowedFieldsWhenNoneIsClose() {
        assertThat(errors(read("""
                        services:
                          api:
                            colour: blue
                        """)))
                .containsExactly("steward.yml:3:5 services.api.colour: unknown field; allowed here: description, group,"
                        + " tags, owner, runbook, links, dependsOn, alert, status, monitors");
    }

    @Test
    void saysWhichTypeAFieldOfAnotherTypeBelongsTo() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                query: select 1
                        """)))
                .containsExactly("steward.yml:7:9 services.api.monitors.health.query: not a field of http monitors"
                        + " (query belongs to postgres monitors); http monitors have url, method, headers, body,"
                        + " followRedirects, auth, insecure");
    }

    @Test
    void reportsAValueOfTheWrongKind() {
        assertThat(errors(read("""
                        services:
                          api:
                            tags: production
                            monitors: [health]
                        """)))
                .containsExactly(
                        "steward.yml:3:11 services.api.tags: expected a list of tags, e.g. [production, api], got a"
                                + " single value",
                        "steward.yml:4:15 services.api.monitors: expected a mapping of monitor names to monitors, e.g."
                                + " health: {type: http, url: …}, got a list");
    }

    @Test
    void reportsAMissingUrlAtTheMonitor() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                        """)))
                .containsExactly("steward.yml:4:7 services.api.monitors.health.url: required for http monitors, e.g."
                        + " https://api.example.com/health");
    }

    @Test
    void reportsAUrlOfTheWrongScheme() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: ftp://api.example.com/health
                              db:
                                type: postgres
                                url: mysql://monitor:hunter2@db.internal/app
                              cache:
                                type: redis
                                url: http://cache.internal
                        """)))
                .containsExactly(
                        "steward.yml:6:14 services.api.monitors.health.url: must start with http:// or https:// (found"
                                + " ftp://), e.g. https://api.example.com/health",
                        "steward.yml:9:14 services.api.monitors.db.url: must start with postgres://, postgresql:// or"
                                + " jdbc:postgresql://",
                        "steward.yml:12:14 services.api.monitors.cache.url: must start with redis:// or rediss://"
                                + " (found http://), e.g. redis://cache.internal:6379");
    }

    @Test
    void reportsADependencyOnAServiceThatDoesNotExist() {
        assertThat(errors(read("""
                        services:
                          booky-api:
                            dependsOn: [booky-dbb, payments]
                          booky-db: {}
                        """)))
                .containsExactly(
                        "steward.yml:3:17 services.booky-api.dependsOn[0]: no service is named booky-dbb; did you mean"
                                + " `booky-db`?",
                        "steward.yml:3:28 services.booky-api.dependsOn[1]: no service is named payments; services are"
                                + " booky-api, booky-db");
    }

    @Test
    void reportsAnUnsetEnvironmentVariableAtTheValue() {
        assertThat(errors(read("""
                        services:
                          db:
                            monitors:
                              postgres:
                                type: postgres
                                url: postgres://monitor:${DB_PASSWORD}@db.internal/app
                        """)))
                .containsExactly("steward.yml:6:14 services.db.monitors.postgres.url: environment variable DB_PASSWORD"
                        + " is not set; set it, or give a default: ${DB_PASSWORD:-default}");
    }

    @Test
    void pointsAtTheColumnOfAConditionSyntaxErrorInQuotedAndPlainScalars() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                conditions:
                                  - "[STATUS] !! 200"
                                warn: ['[RESPONSE_TIME] !! 5']
                        """)))
                .containsExactly(
                        "steward.yml:8:23 services.api.monitors.health.conditions[0]: unexpected !!",
                        "steward.yml:9:33 services.api.monitors.health.warn[0]: unexpected !!");
    }

    @Test
    void pointsAtTheColumnOfAConditionSyntaxErrorInAPlainScalar() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                conditions:
                                  - len([BODY]) !! 0
                        """)))
                .containsExactly("steward.yml:8:25 services.api.monitors.health.conditions[0]: unexpected !!");
    }

    @Test
    void reportsAPlaceholderTheMonitorKindDoesNotProvide() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                conditions: ["[STATUS] == 200", "[ROWS] > 0"]
                              port:
                                type: tcp
                                host: api.example.com
                                port: 443
                                warn: ["[STATUS] == 200"]
                        """)))
                .containsExactly(
                        "steward.yml:7:42 services.api.monitors.health.conditions[1]: [ROWS] is not available to http"
                                + " monitors; they provide [STATUS], [BODY], [RESPONSE_TIME], [IP], [CONNECTED],"
                                + " [CERTIFICATE_EXPIRATION]",
                        "steward.yml:12:17 services.api.monitors.port.warn[0]: [STATUS] is not available to tcp"
                                + " monitors; they provide [CONNECTED], [RESPONSE_TIME], [IP]");
    }

    @Test
    void reportsADuplicateKeyAtItsSecondOccurrence() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                              health:
                                type: tcp
                        """)))
                .containsExactly("steward.yml:7:7 services.api.monitors.health: duplicate key; it is already written at"
                        + " line 4 (remove one of the two)");
    }

    @Test
    void reportsAYamlSyntaxErrorWithLineAndColumn() {
        assertThat(errors(read("""
                        services:
                          api:
                            description: Booky: the API
                        """)))
                .containsExactly("steward.yml:3:23 YAML syntax error: mapping values are not allowed here");
    }

    @Test
    void hintsThatAConditionStartingWithABracketMustBeQuoted() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                conditions:
                                  - [STATUS] == 200
                        """)))
                .containsExactly("steward.yml:8:22 YAML syntax error: expected <block end>, but found '<scalar>'"
                        + " (while parsing a block collection at line 8); a condition that starts with [ must be"
                        + " quoted: - \"[STATUS] == 200\"");
    }

    @Test
    void reportsEveryErrorAtOnceInFileOrder() {
        List<String> errors = errors(read("""
                services:
                  api:
                    dependsOn: [nothing]
                    monitors:
                      health:
                        type: http
                        interval: soon
                      port:
                        type: tcp
                        host: api.example.com
                        port: 99999
                      beat:
                        type: heartbeat
                        schedule: "0 2 * *"
                  Bad_Name: {}
                colours: {}
                """));
        assertThat(errors)
                .containsExactly(
                        "steward.yml:3:17 services.api.dependsOn[0]: no service is named nothing; services are api,"
                                + " Bad_Name",
                        "steward.yml:5:7 services.api.monitors.health.url: required for http monitors, e.g."
                                + " https://api.example.com/health",
                        "steward.yml:7:19 services.api.monitors.health.interval: \"soon\" is not a duration (use 30s,"
                                + " 5m)",
                        "steward.yml:11:15 services.api.monitors.port.port: \"99999\" is not a port number (1 to"
                                + " 65535)",
                        "steward.yml:14:19 services.api.monitors.beat.schedule: \"0 2 * *\" has 4 fields; a"
                                + " schedule has 5 (no seconds): write minute hour day-of-month month day-of-week, e.g."
                                + " \"0 3 * * SUN\", or a macro such as @daily",
                        "steward.yml:15:3 services.Bad_Name: \"Bad_Name\" is not a valid service name: use lowercase"
                                + " letters, digits, -, _ and ., starting with a letter or digit, at most 64 characters"
                                + " (e.g. bad_name)",
                        "steward.yml:16:1 colours: unknown field; allowed here: defaults, services, policies, channels,"
                                + " routes, maintenance, incidents, statusPage, backups");
    }

    @Test
    void clampsUnwiseIntervalsAndTimeoutsWithAWarningNamingTheValueUsed() {
        CatalogLoad load = read("""
                services:
                  api:
                    monitors:
                      fast:
                        type: tcp
                        host: api.example.com
                        port: 443
                        interval: 1s
                        timeout: 10ms
                      slow:
                        type: tcp
                        host: api.example.com
                        port: 443
                        interval: 2d
                        timeout: 2m
                      tight:
                        type: tcp
                        host: api.example.com
                        port: 443
                        interval: 10s
                        timeout: 20s
                """);
        Catalog catalog = loaded(load);
        assertThat(warnings(load))
                .containsExactly(
                        "steward.yml:8:19 services.api.monitors.fast.interval: 1s is below the minimum of 5s; using 5s",
                        "steward.yml:9:18 services.api.monitors.fast.timeout: 10ms is below the minimum of 100ms;"
                                + " using 100ms",
                        "steward.yml:14:19 services.api.monitors.slow.interval: 2d is above the maximum of 1d; using"
                                + " 1d",
                        "steward.yml:15:18 services.api.monitors.slow.timeout: 2m is above the maximum of 1m; using 1m",
                        "steward.yml:21:18 services.api.monitors.tight.timeout: the timeout 20s is longer than the"
                                + " interval 10s; using a timeout of 10s");
        Monitor fast = catalog.monitor(MonitorKey.parse("api/fast")).orElseThrow();
        assertThat(fast.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(fast.timeout()).isEqualTo(Duration.ofMillis(100));
        Monitor slow = catalog.monitor(MonitorKey.parse("api/slow")).orElseThrow();
        assertThat(slow.interval()).isEqualTo(Duration.ofHours(24));
        assertThat(slow.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(catalog.monitor(MonitorKey.parse("api/tight")).orElseThrow().timeout())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void clampsADefaultTimeoutLongerThanAMonitorsInterval() {
        CatalogLoad load = read("""
                defaults:
                  timeout: 20s
                services:
                  api:
                    monitors:
                      port:
                        type: tcp
                        host: api.example.com
                        port: 443
                        interval: 10s
                """);
        assertThat(loaded(load).monitors().getFirst().timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(warnings(load))
                .containsExactly("steward.yml:10:19 services.api.monitors.port.interval: the timeout 20s (from"
                        + " defaults.timeout) is longer than the interval 10s; using a timeout of 10s");
    }

    @Test
    void interpolatesEnvironmentVariablesDefaultsAndDollars() {
        Catalog catalog = loaded(read("""
                services:
                  api:
                    description: costs $$5 and $HOME stays
                    monitors:
                      health:
                        type: http
                        url: http://${API_HOST}:${API_PORT:-8080}/health
                        headers:
                          X-Empty: "${EMPTY:-fallback}"
                """, Map.of("API_HOST", "api.internal", "EMPTY", "")));
        assertThat(catalog.service("api").orElseThrow().description()).isEqualTo("costs $5 and $HOME stays");
        ProbeSpec.Http http = (ProbeSpec.Http) catalog.monitors().getFirst().probe();
        assertThat(http.url()).isEqualTo(URI.create("http://api.internal:8080/health"));
        assertThat(http.headers()).containsEntry("X-Empty", "fallback");
    }

    @Test
    void neverShowsAValueFromTheEnvironmentInAMessage() {
        CatalogLoad load = read("""
                services:
                  api:
                    monitors:
                      health:
                        type: http
                        url: https://api.example.com/health
                        interval: ${SECRET}
                        method: ${SECRET}
                        conditions: ["[BODY].token == ${SECRET} !!"]
                """, Map.of("SECRET", "hunter2-secret"));
        List<String> errors = errors(load);
        assertThat(errors)
                .containsExactly(
                        "steward.yml:7:19 services.api.monitors.health.interval: \"${SECRET}\" is not a duration (use"
                                + " 30s, 5m)",
                        "steward.yml:8:17 services.api.monitors.health.method: \"${SECRET}\" is not an HTTP method;"
                                + " write it in capitals, e.g. GET or POST",
                        "steward.yml:9:22 services.api.monitors.health.conditions[0]: unexpected !!");
        assertThat(String.join("\n", errors)).doesNotContain("hunter2");
    }

    @Test
    void neverShowsAnEnvironmentValueInDependencyOrUrlMessages() {
        List<String> errors =
                errors(read("""
                services:
                  api:
                    dependsOn: ["${DEPENDENCY}"]
                    monitors:
                      health:
                        type: http
                        url: ${API_URL}
                """, Map.of("DEPENDENCY", "db-tok", "API_URL", "ftp://user:pw@example.com/")));
        assertThat(errors)
                .containsExactly(
                        "steward.yml:3:17 services.api.dependsOn[0]: no service is named ${DEPENDENCY}; services are"
                                + " api",
                        "steward.yml:7:14 services.api.monitors.health.url: must start with http:// or https://, e.g."
                                + " https://api.example.com/health");
    }

    @Test
    void reportsAMalformedReference() {
        assertThat(errors(read("""
                        services:
                          api:
                            description: "${1ST} and ${OPEN"
                        """)))
                .containsExactly(
                        "steward.yml:3:18 services.api.description: ${1ST} does not name an environment variable"
                                + " (letters, digits and _, not starting with a digit); write $$ for a literal $",
                        "steward.yml:3:18 services.api.description: ${ is not closed with }; write $$ for a literal $");
    }

    @Test
    void acceptsAnEmptyFileWithAWarning() {
        CatalogLoad load = read("");
        assertThat(loaded(load).services()).isEmpty();
        assertThat(warnings(load))
                .containsExactly("steward.yml:1:1 the file is empty: no services, so Steward monitors nothing");
    }

    @Test
    void acceptsAFileWithoutServicesWithAWarning() {
        CatalogLoad load = read("""
                defaults:
                  interval: 1m
                services:
                """);
        assertThat(loaded(load).monitors()).isEmpty();
        assertThat(warnings(load))
                .containsExactly("steward.yml:3:1 services: no services are declared, so Steward monitors nothing");
    }

    @Test
    void checksTheBackupsSectionThatEarlierVersionsIgnored() {
        assertThat(errors(read("""
                        backups:
                          nightly: { source: "${NOT_SET}", whatever: [1, 2] }
                        services:
                          api: {}
                        """)))
                .containsExactly(
                        "steward.yml:2:3 backups.nightly.storage: required, e.g. storage: {type: local, path:"
                                + " /var/backups/steward}",
                        "steward.yml:2:22 backups.nightly.source: environment variable NOT_SET is not set; set it, or"
                                + " give a default: ${NOT_SET:-default}",
                        "steward.yml:2:36 backups.nightly.whatever: unknown field; allowed here: source, schedule,"
                                + " timezone, format, jobs, compression, globals, storage, retention, encryption,"
                                + " maxAge, service, drill");
    }

    @Test
    void suggestsTheTopLevelSectionForATypo() {
        assertThat(errors(read("""
                        service:
                          api: {}
                        """)))
                .containsExactly("steward.yml:1:1 service: unknown field; did you mean `services`?");
    }

    @Test
    void suggestsTheMonitorTypeForATypo() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: htp
                                url: https://api.example.com/health
                        """)))
                .containsExactly(
                        "steward.yml:5:15 services.api.monitors.health.type: \"htp\" is not a monitor type; did"
                                + " you mean `http`? (one of http, tcp, postgres, redis, tls, dns, heartbeat)");
    }

    @Test
    void refusesInvalidMonitorNames() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              Health Check:
                                type: tcp
                                host: api.example.com
                                port: 443
                        """)))
                .containsExactly("steward.yml:4:7 services.api.monitors.Health Check: \"Health Check\" is not a valid"
                        + " monitor name: use lowercase letters, digits, -, _ and ., starting with a letter or digit,"
                        + " at most 64 characters (e.g. health-check)");
    }

    @Test
    void checksHttpSpecificFields() {
        assertThat(errors(read("""
                        services:
                          api:
                            monitors:
                              health:
                                type: http
                                url: https://api.example.com/health
                                method: get
                                headers: { "Bad Header": x }
                                followRedirects: sometimes
                                auth: { basic: { username: monitor }, bearer: token }
                        """)))
                .containsExactly(
                        "steward.yml:7:17 services.api.monitors.health.method: \"get\" is not an HTTP method; write it"
                                + " in capitals: GET",
                        "steward.yml:8:20 services.api.monitors.health.headers.Bad Header: is not a header name"
                                + " (letters, digits and - such as X-Request-Id)",
                        "steward.yml:9:26 services.api.monitors.health.followRedirects: \"sometimes\" is not true or"
                                + " false",
                        "steward.yml:10:9 services.api.monitors.health.auth: give either basic or bearer, not both");
    }

    @Test
    void acceptsTheYamlMergeKey() {
        Catalog catalog = loaded(read("""
                services:
                  api:
                    monitors:
                      one: &port
                        type: tcp
                        host: api.example.com
                        port: 443
                      two:
                        <<: *port
                        port: 8443
                """));
        assertThat(catalog.monitor(MonitorKey.parse("api/two")).orElseThrow().probe())
                .isEqualTo(new ProbeSpec.Tcp("api.example.com", 8443));
    }

    private static List<String> texts(List<Condition> conditions) {
        return conditions.stream().map(Condition::text).toList();
    }
}
