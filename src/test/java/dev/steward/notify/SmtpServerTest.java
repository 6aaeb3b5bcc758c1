package dev.steward.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SmtpServerTest {

    @Test
    void readsSubmissionWithStarttlsWhenOfferedByDefault() {
        SmtpServer server = SmtpServer.parse("smtp://mail.example.com");

        assertThat(server)
                .isEqualTo(new SmtpServer(false, "mail.example.com", 587, Optional.empty(), Optional.empty(), false));
    }

    @Test
    void readsImplicitTlsOnPort465() {
        SmtpServer server = SmtpServer.parse("smtps://mail.example.com");

        assertThat(server.implicitTls()).isTrue();
        assertThat(server.port()).isEqualTo(465);
        assertThat(server.protocol()).isEqualTo("smtps");
    }

    @Test
    void percentDecodesUserAndPasswordAndKeepsPlus() {
        SmtpServer server = SmtpServer.parse("smtp://ops%40example.com:a%3Ab%2Fc+d%25@mail.example.com:2525");

        assertThat(server.user()).contains("ops@example.com");
        assertThat(server.password()).contains("a:b/c+d%");
        assertThat(server.port()).isEqualTo(2525);
    }

    @Test
    void insistsOnStarttlsWhenAsked() {
        assertThat(SmtpServer.parse("smtp://mail.example.com?starttls=required").starttlsRequired())
                .isTrue();
    }

    @Test
    void refusesAnUnknownParameterSoATypoCannotTurnTlsOff() {
        assertThatThrownBy(() -> SmtpServer.parse("smtp://mail.example.com?startls=required"))
                .hasMessageContaining("unknown parameter startls");
    }

    @Test
    void refusesStarttlsOnImplicitTls() {
        assertThatThrownBy(() -> SmtpServer.parse("smtps://mail.example.com?starttls=required"))
                .hasMessageContaining("drop the parameter");
    }

    @Test
    void refusesOtherSchemesWithoutQuotingTheValue() {
        assertThatThrownBy(() -> SmtpServer.parse("http://user:hunter22@mail.example.com"))
                .hasMessageContaining("smtp://")
                .hasMessageNotContaining("hunter22");
    }

    @Test
    void neverPrintsThePassword() {
        assertThat(SmtpServer.parse("smtp://ops:hunter22@mail.example.com").toString())
                .isEqualTo("SmtpServer[smtp://mail.example.com:587, with login]");
    }
}
