package dev.steward.testing;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * An OpenID Connect provider on loopback, standing in for Google and the like at the HTTP boundary: discovery, an
 * authorization endpoint that signs in whoever the test chose and redirects straight back with a code, a token endpoint
 * that checks the client's secret, the redirect URI and the PKCE verifier and answers an RS256-signed ID token with the
 * nonce it was given, and the signing key.
 */
public final class OidcProvider implements AutoCloseable {

    public static final String CLIENT_ID = "steward-tests";
    public static final String CLIENT_SECRET = "test-client-secret-0123456789";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who signs in at the provider: the address it vouches for and whether it says it verified it. */
    public record Identity(String email, boolean verified) {}

    /** What an authorization code stands for until it is exchanged. */
    private record Grant(Identity identity, String nonce, String redirectUri, String challenge) {}

    private final HttpServer server;
    private final RSAKey key;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private volatile Identity next;

    private OidcProvider(HttpServer server) {
        this.server = server;
        try {
            this.key = new RSAKeyGenerator(2048).keyID("test-key").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Starts a provider on a free loopback port. */
    public static OidcProvider start() {
        return start(0);
    }

    /** Starts a provider on {@code port} of the loopback address (e.g. where Steward already expects one). */
    public static OidcProvider start(int port) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OidcProvider provider = new OidcProvider(server);
        server.createContext("/.well-known/openid-configuration", provider::discovery);
        server.createContext("/authorize", provider::authorize);
        server.createContext("/token", provider::token);
        server.createContext("/jwks", provider::keys);
        server.start();
        return provider;
    }

    /** The issuer URL, for OIDC_ISSUER. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The person who signs in at the next authorization request. */
    public void signInAs(String email, boolean verified) {
        next = new Identity(email, verified);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("issuer", issuer());
        configuration.put("authorization_endpoint", issuer() + "/authorize");
        configuration.put("token_endpoint", issuer() + "/token");
        configuration.put("jwks_uri", issuer() + "/jwks");
        configuration.put("response_types_supported", List.of("code"));
        configuration.put("subject_types_supported", List.of("public"));
        configuration.put("id_token_signing_alg_values_supported", List.of("RS256"));
        configuration.put("scopes_supported", List.of("openid", "email", "profile"));
        configuration.put(
                "token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        configuration.put("code_challenge_methods_supported", List.of("S256"));
        reply(exchange, 200, JSON.writeValueAsString(configuration));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        Identity identity = next;
        String problem = identity == null
                ? "nobody signs in: call signInAs first"
                : !CLIENT_ID.equals(query.get("client_id"))
                        ? "unknown client_id " + query.get("client_id")
                        : !"code".equals(query.get("response_type"))
                                ? "response_type must be code"
                                : !String.valueOf(query.get("scope")).contains("openid")
                                        ? "scope must contain openid"
                                        : !"S256".equals(query.get("code_challenge_method"))
                                                ? "PKCE with S256 is required"
                                                : query.get("nonce") == null ? "nonce is required" : null;
        if (problem != null) {
            reply(exchange, 400, problem);
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(
                code, new Grant(identity, query.get("nonce"), query.get("redirect_uri"), query.get("code_challenge")));
        String location = query.get("redirect_uri") + "?code=" + encode(code) + "&state=" + encode(query.get("state"));
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body =
                form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII));
        if (!clientAuthenticated(exchange, body)) {
            reply(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Grant grant = codes.remove(String.valueOf(body.get("code")));
        if (grant == null
                || !"authorization_code".equals(body.get("grant_type"))
                || !grant.redirectUri().equals(body.get("redirect_uri"))
                || body.get("code_verifier") == null
                || !grant.challenge().equals(s256(body.get("code_verifier")))) {
            reply(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", UUID.randomUUID().toString());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 300);
        answer.put("scope", "openid email");
        answer.put("id_token", idToken(grant));
        reply(exchange, 200, JSON.writeValueAsString(answer));
    }

    private void keys(HttpExchange exchange) throws IOException {
        reply(exchange, 200, new JWKSet(key.toPublicJWK()).toString());
    }

    private String idToken(Grant grant) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject("subject-" + grant.identity().email())
                .audience(CLIENT_ID)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("nonce", grant.nonce())
                .claim("email", grant.identity().email())
                .claim("email_verified", grant.identity().verified())
                .build();
        SignedJWT token = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            token.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return token.serialize();
    }

    /** client_secret_basic (form-encoded id and secret, as RFC 6749 says) or client_secret_post. */
    private static boolean clientAuthenticated(HttpExchange exchange, Map<String, String> body) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.startsWith("Basic ")) {
            String pair = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
            int colon = pair.indexOf(':');
            return colon > 0
                    && CLIENT_ID.equals(decode(pair.substring(0, colon)))
                    && CLIENT_SECRET.equals(decode(pair.substring(colon + 1)));
        }
        return CLIENT_ID.equals(body.get("client_id")) && CLIENT_SECRET.equals(body.get("client_secret"));
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String text) {
        Map<String, String> values = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return values;
        }
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
            }
        }
        return values;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders()
                .add("Content-Type", body.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
