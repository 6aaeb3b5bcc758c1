package dev.steward.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.steward.config.Secret;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IntakeTokenTest {

    private final IntakeToken token = new IntakeToken(Optional.of(new Secret("s3cret-intake-token")));

    @Test
    void acceptsOnlyTheTokenItself() {
        assertThat(token.check("s3cret-intake-token")).isEqualTo(IntakeToken.Check.VALID);
        assertThat(token.check("s3cret-intake-toke")).isEqualTo(IntakeToken.Check.WRONG);
        assertThat(token.check("s3cret-intake-token ")).isEqualTo(IntakeToken.Check.WRONG);
        assertThat(token.check("")).isEqualTo(IntakeToken.Check.MISSING);
        assertThat(token.check(null)).isEqualTo(IntakeToken.Check.MISSING);
    }

    @Test
    void withoutATokenIntakeIsOffWhateverIsPresented() {
        IntakeToken off = new IntakeToken(Optional.empty());

        assertThat(off.off()).isTrue();
        assertThat(off.check("s3cret-intake-token")).isEqualTo(IntakeToken.Check.OFF);
        assertThat(off.check(null)).isEqualTo(IntakeToken.Check.OFF);
    }

    @Test
    void readsTheBearerTokenOfAnAuthorizationHeader() {
        assertThat(IntakeToken.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(IntakeToken.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(IntakeToken.bearer("Basic YWJjOmRlZg==")).isNull();
        assertThat(IntakeToken.bearer("Bearer")).isNull();
        assertThat(IntakeToken.bearer(null)).isNull();
    }
}
