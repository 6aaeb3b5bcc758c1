package dev.steward.access;

import dev.steward.config.Settings;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * On a start without any user, prints a one-time link that creates the first admin, so that no default password ever
 * exists. The link works once, for 24 hours, and only while there is no user; each start without users prints a new
 * one.
 */
@Component
final class SetupAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(SetupAnnouncer.class);

    private final Accounts accounts;
    private final URI baseUrl;

    SetupAnnouncer(Accounts accounts, Settings settings) {
        this.accounts = accounts;
        this.baseUrl = settings.baseUrl();
    }

    @EventListener(ApplicationReadyEvent.class)
    void announce() {
        accounts.setupLink().ifPresent(secret -> {
            String link = baseUrl.toString().replaceAll("/+$", "") + "/setup/" + secret;
            log.atWarn()
                    .addKeyValue("event", "setup_link")
                    .addKeyValue("url", link)
                    .log(
                            "Steward has no users yet. Open {} within 24 hours to create the first admin (works once;"
                                    + " or run 'steward user create --admin EMAIL')",
                            link);
        });
    }
}
