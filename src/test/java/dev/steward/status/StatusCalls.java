package dev.steward.status;

import dev.steward.cli.StewardCommand;
import dev.steward.testing.Http;
import dev.steward.testing.PostgresExtension;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** What the status tests share: POSTs, the command line, and incidents arranged as the alert engine writes them. */
final class StatusCalls {

    private StatusCalls() {}

    /** POSTs a JSON body with the admin token {@link Http} sends to the Steward under test. */
    static Http.Response post(String url, String json) {
        return post(url, json, null);
    }

    /** POSTs a JSON body with an API token ({@code Authorization: Bearer}). */
    static Http.Response post(String url, String json, @Nullable String token) {
        try (HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(20))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json));
            String authorization = token == null ? Http.authorization(url).orElse(null) : "Bearer " + token;
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** What a command printed and its exit status. */
    record Run(int status, String out, String err) {}

    /** Runs {@code steward ARGS} against the Steward on {@code port} with an API token. */
    static Run steward(int port, String token, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = StewardCommand.execute(
                Map.of("PORT", String.valueOf(port), "STEWARD_TOKEN", token),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args);
        return new Run(status, out.toString(), err.toString());
    }

    static JdbcClient database(PostgresExtension postgres) {
        return JdbcClient.create(new SimpleDriverDataSource(new org.postgresql.Driver(), postgres.jdbcUrl()));
    }

    /** An incident of {@code service} opened at {@code openedAt}, resolved when {@code resolvedAt} is given. */
    static long incident(
            JdbcClient jdbc, String service, String severity, Instant openedAt, @Nullable Instant resolvedAt) {
        return jdbc.sql("""
                        insert into incident (service, title, severity, status, opened_at, resolved_at, resolved_by)
                        values (:service, :title, :severity, :status, :opened, :resolved, :resolvedBy)
                        returning id""")
                .param("service", service)
                .param("title", service + "/health is down")
                .param("severity", severity)
                .param("status", resolvedAt == null ? "open" : "resolved")
                .param("opened", Timestamp.from(openedAt))
                .param("resolved", resolvedAt == null ? null : Timestamp.from(resolvedAt))
                .param("resolvedBy", resolvedAt == null ? null : "steward")
                .query(Long.class)
                .single();
    }
}
