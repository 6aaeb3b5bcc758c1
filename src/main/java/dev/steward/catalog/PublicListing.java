package dev.steward.catalog;

import java.util.Objects;

/**
 * A service's entry on the public status page ({@code status: {public: true, name: "API"}} in the catalog): whether the
 * page, its JSON and its badges show the service, and under which name. Nothing else of the service is public.
 *
 * @param listed true when the service appears on the status page
 * @param name the name the public sees: the catalog's {@code status.name}, else the service's own name
 */
public record PublicListing(boolean listed, String name) {

    public PublicListing {
        Objects.requireNonNull(name);
    }

    /** Not on the status page; the public name would be the service's own. */
    public static PublicListing hidden(String serviceName) {
        return new PublicListing(false, serviceName);
    }
}
