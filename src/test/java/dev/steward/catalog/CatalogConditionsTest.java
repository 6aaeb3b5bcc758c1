package dev.steward.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The reader with Steward's own condition language: syntax errors point into the file, placeholders are checked. */
class CatalogConditionsTest {

    @Test
    void pointsAtTheSyntaxErrorInsideTheCondition() {
        List<String> errors = errors("""
                services:
                  api:
                    monitors:
                      health:
                        type: http
                        url: https://api.example.com/health
                        conditions:
                          - "[STATUS] = 200"
                """);
        assertThat(errors).hasSize(1);
        assertThat(errors.getFirst())
                .as("the column of the = inside the quoted condition")
                .startsWith("steward.yml:8:23 services.api.monitors.health.conditions[0]: ");
    }

    @Test
    void refusesAPlaceholderTheMonitorTypeCannotProvide() {
        assertThat(errors("""
                        services:
                          db:
                            monitors:
                              cache:
                                type: redis
                                url: redis://cache.internal:6379
                                conditions: ["[STATUS] == 200"]
                        """))
                .containsExactly("steward.yml:7:23 services.db.monitors.cache.conditions[0]: [STATUS] is not available"
                        + " to redis monitors; they provide [CONNECTED], [INFO], [RESPONSE_TIME]");
    }

    @Test
    void asksForInfoWhenAConditionReadsIt() {
        CatalogLoad load = CatalogReader.read("steward.yml", """
                services:
                  db:
                    monitors:
                      cache:
                        type: redis
                        url: redis://cache.internal:6379
                        warn: ["[INFO].used_memory < 1000000"]
                """, Map.of());
        assertThat(load).isInstanceOf(CatalogLoad.Loaded.class);
        ProbeSpec.Redis redis = (ProbeSpec.Redis)
                ((CatalogLoad.Loaded) load).catalog().monitors().getFirst().probe();
        assertThat(redis.info()).isTrue();
    }

    private static List<String> errors(String yaml) {
        CatalogLoad load = CatalogReader.read("steward.yml", yaml, Map.of());
        assertThat(load).isInstanceOf(CatalogLoad.Rejected.class);
        return ((CatalogLoad.Rejected) load)
                .errors().stream().map(Object::toString).toList();
    }
}
