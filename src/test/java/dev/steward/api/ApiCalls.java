package dev.steward.api;

import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** What the alerting API tests share: POST and DELETE beside {@link Http}'s GET, and the database behind Steward. */
final class ApiCalls {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private ApiCalls() {}

    /** POSTs a JSON body (or none, when null). */
    static Http.Response post(String url, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (json == null) {
            request.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        }
        return send(request);
    }

    static Http.Response delete(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).DELETE());
    }

    /** Sends without following redirects, so a test sees the 302 itself. */
    static Http.Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private static Http.Response send(HttpRequest.Builder request) {
        Http.authorization(request.copy().build().uri().toString())
                .ifPresent(value -> request.header("Authorization", value));
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            HttpResponse<String> response =
                    client.send(request.timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The database Steward uses, for arranging rows the way the alert engine writes them. */
    static JdbcClient database(PostgresExtension postgres) {
        return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), postgres.jdbcUrl()));
    }

    /** Empties every alerting table, so each test starts from nothing. */
    static void emptyAlertingTables(JdbcClient jdbc) {
        jdbc.sql("truncate alert, alert_transition, incident, incident_event, notification, notification_attempt,"
                        + " silence restart identity cascade")
                .update();
    }
}
