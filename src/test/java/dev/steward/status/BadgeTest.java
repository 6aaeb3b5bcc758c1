package dev.steward.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** SVG badges: well-formed, with their texts, colours and widths that hold the texts. */
class BadgeTest {

    @Test
    void aStateBadgeSaysTheStateOnItsColour() throws Exception {
        Document svg = parse(Badge.state("status", ComponentState.OPERATIONAL).svg());

        Element root = svg.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("svg");
        assertThat(root.getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("aria-label")).isEqualTo("status: operational");
        assertThat(texts(svg)).containsExactly("status", "operational");
        assertThat(rectFills(svg)).contains("#555", "#2e8540");
        assertThat(Badge.state("status", ComponentState.MAJOR_OUTAGE).svg())
                .contains(">major outage<")
                .contains("#cf222e");
        assertThat(Badge.state("status", ComponentState.DEGRADED_PERFORMANCE).value())
                .isEqualTo("degraded performance");
    }

    @Test
    void anUptimeBadgeShowsTwoDecimalsNeverRoundedUpToAHundred() throws Exception {
        assertThat(texts(parse(
                        Badge.uptime("uptime 30d", OptionalDouble.of(99.951)).svg())))
                .containsExactly("uptime 30d", "99.95%");
        assertThat(Badge.uptime("uptime 30d", OptionalDouble.of(99.9999)).value())
                .isEqualTo("99.99%");
        assertThat(Badge.uptime("uptime 30d", OptionalDouble.of(100)).value()).isEqualTo("100%");
        assertThat(Badge.uptime("uptime 30d", OptionalDouble.of(97.5)).colour()).isEqualTo("#9a6700");
        assertThat(Badge.uptime("uptime 30d", OptionalDouble.of(80)).colour()).isEqualTo("#cf222e");
        Badge none = Badge.uptime("uptime 30d", OptionalDouble.empty());
        assertThat(none.value()).isEqualTo("no data");
        assertThat(none.colour()).isEqualTo("#767676");
    }

    @Test
    void eachPartIsAsWideAsItsTextAndTheTextsAreCentred() throws Exception {
        Badge badge = Badge.state("status", ComponentState.UNDER_MAINTENANCE);
        Document svg = parse(badge.svg());

        int labelWidth = Badge.width("status") + 12;
        int valueWidth = Badge.width("under maintenance") + 12;
        assertThat(svg.getDocumentElement().getAttribute("width")).isEqualTo(String.valueOf(labelWidth + valueWidth));
        NodeList texts = svg.getElementsByTagName("text");
        assertThat(Double.parseDouble(((Element) texts.item(0)).getAttribute("x")))
                .isEqualTo(labelWidth / 2.0);
        assertThat(Double.parseDouble(((Element) texts.item(1)).getAttribute("x")))
                .isEqualTo(labelWidth + valueWidth / 2.0);
        assertThat(Badge.width("mmmm")).as("wide letters").isGreaterThan(Badge.width("iiii") * 2);
        assertThat(Badge.width("99.95%")).isBetween(30, 45);
        assertThat(Badge.width("")).isZero();
    }

    @Test
    void escapesEveryTextSoAnyLabelStaysWellFormed() throws Exception {
        Badge badge = new Badge("<a href=\"x\">&'", "ok", "#2e8540");

        Document svg = parse(badge.svg());

        assertThat(texts(svg)).containsExactly("<a href=\"x\">&'", "ok");
        assertThat(svg.getDocumentElement().getAttribute("aria-label")).isEqualTo("<a href=\"x\">&': ok");
        assertThat(badge.svg()).doesNotContain("<a href");
        assertThat(Badge.escape("a\u0001b")).isEqualTo("a b");
    }

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static java.util.List<String> texts(Document svg) {
        NodeList nodes = svg.getElementsByTagName("text");
        java.util.List<String> texts = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent());
        }
        return texts;
    }

    private static java.util.List<String> rectFills(Document svg) {
        NodeList nodes = svg.getElementsByTagName("rect");
        java.util.List<String> fills = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            fills.add(((Element) nodes.item(i)).getAttribute("fill"));
        }
        return fills;
    }
}
