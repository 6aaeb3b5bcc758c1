package dev.steward.alert;

import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Reads the stored alerts for the API: which exist, in which phase and status, and how they got there. */
public final class Alerts {

    private final JdbcClient jdbc;

    public Alerts(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** The services that have stored alerts (Steward's own and received ones), by name. */
    public List<String> services() {
        return jdbc.sql("select distinct service from alert order by service")
                .query(String.class)
                .list();
    }

    /** The monitor names of stored alerts, of one service or, when none is given, of every service. */
    public List<String> monitors(Optional<String> service) {
        return jdbc.sql("""
                        select distinct monitor from alert
                        where monitor is not null and (cast(:service as text) is null or service = :service)
                        order by monitor""")
                .param("service", service.orElse(null))
                .query(String.class)
                .list();
    }
}
