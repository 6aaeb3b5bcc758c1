package dev.steward.result;

import com.zaxxer.hikari.HikariDataSource;
import dev.steward.database.DataSources;
import dev.steward.database.DatabaseTarget;
import dev.steward.database.Migrations;
import dev.steward.testing.PostgresExtension;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Steward's schema in the class's PostgreSQL, through the same pool Steward uses, emptied between tests. */
final class ResultsDatabase implements AutoCloseable {

    final HikariDataSource dataSource;
    final JdbcClient jdbc;

    ResultsDatabase(PostgresExtension postgres) {
        dataSource =
                DataSources.pool(new DatabaseTarget(postgres.jdbcUrl(), "postgres", null, "test database", false), 4);
        Migrations.migrate(dataSource);
        jdbc = JdbcClient.create(dataSource);
    }

    /** Removes every result, rollup, state, monitor and daily partition. */
    void empty() {
        List<String> partitions = jdbc.sql("""
                        select c.relname
                        from pg_inherits i join pg_class c on c.oid = i.inhrelid
                        where i.inhparent = 'monitor_result'::regclass and c.relname <> 'monitor_result_default'
                        """).query(String.class).list();
        for (String partition : partitions) {
            jdbc.sql("drop table " + partition).update();
        }
        jdbc.sql("truncate monitor_result, monitor_rollup_hourly, monitor_state, monitor restart identity")
                .update();
        jdbc.sql("update monitor_rollup_watermark set rolled_up_to = null").update();
    }

    long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
