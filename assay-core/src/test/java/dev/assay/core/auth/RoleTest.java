package dev.assay.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.assay.core.InvalidInputException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class RoleTest {
    @Test
    void adminIncludesOperatorIncludesViewer() {
        assertThat(Role.ADMIN.includes(Role.OPERATOR)).isTrue();
        assertThat(Role.OPERATOR.includes(Role.VIEWER)).isTrue();
        assertThat(Role.VIEWER.includes(Role.OPERATOR)).isFalse();
        assertThat(Role.OPERATOR.includes(Role.ADMIN)).isFalse();
    }

    @Property
    void includesIsATotalOrder(@ForAll Role a, @ForAll Role b, @ForAll Role c) {
        assertThat(a.includes(a)).isTrue();
        assertThat(a.includes(b) || b.includes(a)).isTrue();
        if (a.includes(b) && b.includes(a)) assertThat(a).isEqualTo(b);
        if (a.includes(b) && b.includes(c)) assertThat(a.includes(c)).isTrue();
    }

    @Property
    void parseRoundTripsLabelInAnyCase(@ForAll Role r) {
        assertThat(Role.parse(r.label())).isEqualTo(r);
        assertThat(Role.parse(r.name())).isEqualTo(r);
    }

    @Test
    void parseNamesValidRolesOnBadInput() {
        assertThatThrownBy(() -> Role.parse("root"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("role must be one of viewer, operator, admin, but was 'root'");
    }
}
