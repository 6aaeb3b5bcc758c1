package dev.steward.catalog;

import static dev.steward.catalog.CatalogAssertions.errors;
import static dev.steward.catalog.CatalogAssertions.loaded;
import static dev.steward.catalog.CatalogAssertions.read;
import static dev.steward.catalog.CatalogAssertions.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which services the public status page lists, under which names, and the page's own section. */
class CatalogStatusPageTest {

    @Test
    void listsAServiceUnderItsPublicNameOnlyWhenItIsPublic() {
        Catalog catalog = loaded(read("""
                services:
                  booky-api:
                    status: { public: true, name: " API " }
                  booky-web:
                    status: { public: true }
                  booky-db:
                    status: { name: Database }
                  booky-jobs:
                    status: { public: false, name: Jobs }
                  booky-cache: {}
                """));

        assertThat(catalog.service("booky-api").orElseThrow().publicListing())
                .isEqualTo(new PublicListing(true, "API"));
        assertThat(catalog.service("booky-web").orElseThrow().publicListing())
                .as("the service's own name when none is given")
                .isEqualTo(new PublicListing(true, "booky-web"));
        assertThat(catalog.service("booky-db").orElseThrow().publicListing().listed())
                .as("a public name alone does not list the service")
                .isFalse();
        assertThat(catalog.service("booky-jobs").orElseThrow().publicListing().listed())
                .isFalse();
        assertThat(catalog.service("booky-cache").orElseThrow().publicListing())
                .isEqualTo(PublicListing.hidden("booky-cache"));
    }

    @Test
    void readsThePageTitleAndDefaultsItToStatus() {
        assertThat(loaded(read("services: {}\n")).statusPage()).isEqualTo(StatusPage.standard());
        assertThat(StatusPage.standard().title()).isEqualTo("Status");
        assertThat(loaded(read("statusPage:\n  title: Booky status\nservices: {}\n"))
                        .statusPage()
                        .title())
                .isEqualTo("Booky status");
    }

    @Test
    void rejectsWrongValuesAtTheirLineWithTheFix() {
        assertThat(errors(read("""
                statusPage:
                  title: ""
                  logo: booky.png
                services:
                  booky-api:
                    status: { public: yes please, nmae: API }
                """)))
                .anySatisfy(error -> assertThat(error)
                        .startsWith("steward.yml:2:")
                        .contains("statusPage.title")
                        .contains("Booky status"))
                .anySatisfy(
                        error -> assertThat(error).startsWith("steward.yml:3:").contains("logo"))
                .anySatisfy(error -> assertThat(error)
                        .startsWith("steward.yml:6:")
                        .contains("status.public")
                        .contains("true or false"))
                .anySatisfy(error -> assertThat(error).contains("nmae").contains("name"));
    }

    @Test
    void warnsWhenTwoListedServicesShareAPublicName() {
        CatalogLoad load = read("""
                services:
                  booky-api:
                    status: { public: true, name: API }
                  orders-api:
                    status: { public: true, name: API }
                """);

        loaded(load);
        assertThat(warnings(load))
                .singleElement()
                .satisfies(warning -> assertThat(warning)
                        .startsWith("steward.yml:5:")
                        .contains("services.orders-api.status.name")
                        .contains("also the public name of booky-api"));
    }
}
