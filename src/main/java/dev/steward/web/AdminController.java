package dev.steward.web;

import dev.steward.access.Accounts;
import dev.steward.access.ApiTokens;
import dev.steward.access.AuditLog;
import dev.steward.catalog.CatalogService;
import dev.steward.catalog.CatalogStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Admin: where the users, tokens, audit log and catalog pages start, each with a count or its latest news. */
@Controller
class AdminController {

    private final Accounts accounts;
    private final ApiTokens tokens;
    private final AuditLog audit;
    private final CatalogService catalog;
    private final Clock clock;

    AdminController(Accounts accounts, ApiTokens tokens, AuditLog audit, CatalogService catalog, Clock clock) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.audit = audit;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** How many users there are, and how many cannot sign in yet or any more. */
    record UserCounts(int total, long withoutPassword, long disabled) {}

    /** How many tokens work now, of how many ever made. */
    record TokenCounts(long active, int total) {}

    /** The newest audit entry, if any. */
    record LatestEvent(IncidentTimes.Shown at, String actor, String action, String outcome) {}

    /** The running catalog's size and whether its file was rejected since. */
    record CatalogSummary(int services, int monitors, IncidentTimes.Shown loaded, int warnings, boolean rejected) {}

    @GetMapping("/admin")
    String index(Model model) {
        IncidentTimes times = new IncidentTimes(clock);
        Instant now = times.now();
        List<Accounts.User> users = accounts.list();
        model.addAttribute(
                "users",
                new UserCounts(
                        users.size(),
                        users.stream()
                                .filter(user -> !user.disabled() && !user.hasPassword())
                                .count(),
                        users.stream().filter(Accounts.User::disabled).count()));
        List<ApiTokens.Token> all = tokens.list();
        model.addAttribute(
                "tokens",
                new TokenCounts(
                        all.stream().filter(token -> token.activeAt(now)).count(), all.size()));
        model.addAttribute("latest", latest(times));
        CatalogStatus status = catalog.status();
        model.addAttribute(
                "catalog",
                new CatalogSummary(
                        status.services(),
                        status.monitors(),
                        times.show(status.loadedAt()),
                        status.warnings().size(),
                        status.lastRejected().isPresent()));
        return "admin";
    }

    private @Nullable LatestEvent latest(IncidentTimes times) {
        return audit.list(AuditLog.Filter.ALL, Optional.empty(), 1).stream()
                .findFirst()
                .map(event -> new LatestEvent(times.show(event.at()), event.actor(), event.action(), event.outcome()))
                .orElse(null);
    }
}
