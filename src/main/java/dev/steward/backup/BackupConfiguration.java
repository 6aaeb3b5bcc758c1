package dev.steward.backup;

import dev.steward.alert.AlertEngine;
import dev.steward.catalog.CatalogChanged;
import dev.steward.catalog.CatalogService;
import dev.steward.config.DatabaseUrl;
import dev.steward.config.Secret;
import dev.steward.config.Settings;
import dev.steward.database.DatabaseTarget;
import dev.steward.database.StewardDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Wires backups: the records, the engine that dumps, stores, drills and restores, and the scheduling service. */
@Configuration(proxyBeanMethods = false)
class BackupConfiguration {

    @Bean
    @DependsOnDatabaseInitialization
    BackupService backupService(
            DataSource dataSource,
            CatalogService catalog,
            AlertEngine alerts,
            StewardDatabase database,
            Settings settings,
            Clock clock,
            MeterRegistry meters) {
        BackupEngine engine = new BackupEngine(
                settings.dataDir().resolve("backup-work"), ownDatabase(database), settings.pgBinDir(), clock);
        return new BackupService(
                new BackupRecords(dataSource, runner(settings)),
                catalog::current,
                engine,
                alerts::receive,
                clock,
                meters);
    }

    @Bean
    BackupCatalogListener backupCatalogListener(BackupService backups) {
        return new BackupCatalogListener(backups);
    }

    /** After a reload: the tools are checked against the new policies' sources. */
    static final class BackupCatalogListener {
        private final BackupService backups;

        BackupCatalogListener(BackupService backups) {
            this.backups = backups;
        }

        @EventListener
        void catalogChanged(CatalogChanged change) {
            if (!change.previous().backups().equals(change.current().backups())) {
                backups.checkTools();
            }
        }
    }

    /** This Steward among several sharing a database: its host and data directory. */
    static String runner(Settings settings) {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + settings.dataDir().toAbsolutePath().normalize();
    }

    /** Steward's own database: the default drill server, and the source of {@code source: steward}. */
    static DatabaseUrl ownDatabase(StewardDatabase database) {
        DatabaseTarget target = database.target();
        return new DatabaseUrl(
                target.jdbcUrl(), target.username(), target.password() == null ? null : new Secret(target.password()));
    }
}
