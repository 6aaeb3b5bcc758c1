package dev.steward.access;

import dev.steward.config.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who may do what over HTTP. Public: Steward's own health and metrics, the status page, its JSON and badges, the
 * sign-in and setup pages, and the intake endpoints (which check INTAKE_TOKEN). Everything else needs a signed-in
 * user or an API token: reading needs viewer, every change needs operator, users, tokens and the audit log need admin.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

    /** Paths anyone may use. */
    static final String[] PUBLIC = {
        "/healthz",
        "/readyz",
        "/ready",
        "/health",
        "/api/health",
        "/metrics",
        "/status",
        "/status/**",
        "/api/v2/**",
        "/badge/**",
        "/css/**",
        "/js/**",
        "/favicon.svg",
        "/favicon.ico",
        "/login",
        "/setup/**",
        "/password/**",
        "/error",
        "/schema/steward.json",
        "/api/v1/openapi.json",
        "/api/auth/login",
        "/api/v1/integrations/**",
        "/v2/enqueue",
        "/ping/**",
        "/oauth2/**",
        "/login/oauth2/**"
    };

    /** Paths only admins may use. */
    static final String[] ADMIN = {"/admin", "/admin/**", "/api/v1/users/**", "/api/v1/tokens/**", "/api/v1/audit/**"};

    /** The authorities of a role: its own and every role it includes, so that checks read "has role X". */
    static List<GrantedAuthority> authorities(Role role) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        for (Role each : Role.values()) {
            if (role.includes(each)) {
                authorities.add(new SimpleGrantedAuthority(each.authority()));
            }
        }
        return authorities;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Passwords.encoder();
    }

    @Bean
    Accounts accounts(DataSource dataSource, PasswordEncoder passwords, Settings settings, Clock clock) {
        return new Accounts(
                JdbcClient.create(dataSource),
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
                passwords,
                settings,
                clock);
    }

    @Bean
    ApiTokens apiTokens(DataSource dataSource, Clock clock) {
        return new ApiTokens(JdbcClient.create(dataSource), clock);
    }

    @Bean
    AuditLog auditLog(DataSource dataSource, Clock clock) {
        return new AuditLog(JdbcClient.create(dataSource), clock);
    }

    @Bean(destroyMethod = "")
    LoginLimits loginLimits(Settings settings, Clock clock) {
        LoginLimits.Counters memory = new LoginLimits.MemoryCounters(clock);
        return new LoginLimits(settings.redis()
                .<LoginLimits.Counters>map(url -> new RedisCounters(url, memory))
                .orElse(memory));
    }

    /** Password sign-in, and with OIDC_* sign-in with the OpenID Connect provider; both publish the audit's events. */
    @Bean
    AuthenticationManager authenticationManager(
            Accounts accounts,
            PasswordEncoder passwords,
            ApplicationEventPublisher events,
            Optional<OidcLogin> oidc,
            AuditLog audit,
            Settings settings) {
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new AccountDetails(accounts));
        provider.setPasswordEncoder(passwords);
        List<AuthenticationProvider> providers = new ArrayList<>(List.of(provider));
        oidc.ifPresent(login ->
                providers.add(login.authenticationProvider(new OidcUsers(accounts, audit, settings.trustProxyHops()))));
        ProviderManager manager = new ProviderManager(providers);
        manager.setAuthenticationEventPublisher(new DefaultAuthenticationEventPublisher(events));
        return manager;
    }

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            Settings settings,
            AuthenticationManager authenticationManager,
            ApiTokens tokens,
            AuditLog audit,
            LoginLimits limits,
            Accounts accounts,
            Optional<OidcLogin> oidc) {
        int hops = settings.trustProxyHops();
        AccessDenied denied = new AccessDenied(audit, hops);
        if (oidc.isPresent()) {
            oidcLogin(http, oidc.get(), new OidcFailures(oidc.get().displayName(), audit, hops));
        }
        return http.authenticationManager(authenticationManager)
                .authorizeHttpRequests(requests -> requests.requestMatchers(PUBLIC)
                        .permitAll()
                        .requestMatchers(ADMIN)
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/auth/**")
                        .authenticated()
                        .requestMatchers(HttpMethod.POST, "/**")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.PUT, "/**")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.PATCH, "/**")
                        .hasRole(Role.OPERATOR.name())
                        .requestMatchers(HttpMethod.DELETE, "/**")
                        .hasRole(Role.OPERATOR.name())
                        .anyRequest()
                        .hasRole(Role.VIEWER.name()))
                .formLogin(form -> form.loginPage("/login")
                        .usernameParameter("email")
                        .passwordParameter("password")
                        .defaultSuccessUrl("/", false)
                        .failureUrl("/login?error")
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                // After signing in, go back to the page that asked for it, never to a script's or stream's URL.
                .requestCache(cache -> cache.requestCache(pageRequests()))
                // CSRF guards what a browser's cookie could be abused for: API calls with a token or without any
                // session cookie carry no ambient credentials, so they need no CSRF token; forms always do. Pings from
                // jobs change nothing a cookie could protect (the URL's UUID is their only key).
                .csrf(csrf -> csrf.ignoringRequestMatchers(
                        AccessConfiguration::carriesToken,
                        request -> request.getRequestURI().startsWith("/api/") && !hasSessionCookie(request),
                        request -> isPath(request, "/api/auth/login"),
                        request -> isPath(request, "/v2/enqueue"),
                        request -> request.getRequestURI().startsWith("/ping/")))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(new ApiEntryPoint(), apiRequests())
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/login"), request -> true)
                        .accessDeniedHandler(denied))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                                        + " frame-ancestors 'none'; form-action 'self'"))
                        .frameOptions(frame -> frame.deny()))
                .addFilterBefore(new LoginLimitFilter(limits, audit, hops), CsrfFilter.class)
                .addFilterAfter(
                        new BearerTokenFilter(tokens, audit, hops, publicPaths()), SecurityContextHolderFilter.class)
                .addFilterAfter(new SessionUserCheck(accounts), BearerTokenFilter.class)
                .build();
    }

    /**
     * Sign-in with the OpenID Connect provider: the button's {@code /oauth2/authorization/oidc} sends the browser to the
     * provider (authorization code with PKCE and a nonce), which sends it back to the redirect URI. Every failure,
     * including a provider that cannot be reached, returns to the sign-in page with an explanation.
     */
    private static void oidcLogin(HttpSecurity http, OidcLogin login, OidcFailures failures) {
        http.oauth2Login(oauth -> oauth.loginPage("/login")
                .clientRegistrationRepository(login)
                .authorizedClientRepository(new OidcConfiguration.NoAuthorizedClients())
                .defaultSuccessUrl("/", false)
                .failureHandler(failures)
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failures);
                        return filter;
                    }
                }));
    }

    /** Requests to {@link #PUBLIC} paths: they never need a token, so none is looked up (nor the database asked). */
    static RequestMatcher publicPaths() {
        List<RequestMatcher> matchers = new ArrayList<>();
        for (String pattern : PUBLIC) {
            matchers.add(PathPatternRequestMatcher.withDefaults().matcher(pattern));
        }
        return new OrRequestMatcher(matchers);
    }

    private static HttpSessionRequestCache pageRequests() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setRequestMatcher(request -> "GET".equals(request.getMethod())
                && !Problems.api(request)
                && String.valueOf(request.getHeader("Accept")).contains("text/html"));
        return cache;
    }

    static RequestMatcher apiRequests() {
        return Problems::api;
    }

    static boolean carriesToken(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static boolean hasSessionCookie(HttpServletRequest request) {
        jakarta.servlet.http.Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (jakarta.servlet.http.Cookie cookie : cookies) {
            if (SessionCookie.NAME.equals(cookie.getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isPath(HttpServletRequest request, String path) {
        return path.equals(request.getRequestURI());
    }
}
