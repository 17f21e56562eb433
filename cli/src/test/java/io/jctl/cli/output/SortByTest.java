package io.jctl.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link SortBy}: kubectl's relaxed paths, quantities and value ordering. */
class SortByTest {
    private static List<JsonNode> items(String... values) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String v : values) {
            out.add(Json.mapper().readTree(v == null ? "{}" : "{\"v\":" + v + "}"));
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"metadata.name,{.metadata.name}", ".metadata.name,{.metadata.name}",
            "{metadata.name},{.metadata.name}", "{.metadata.name},{.metadata.name}"})
    void relaxedPaths(String in, String out) {
        assertThat(SortBy.relaxed(in)).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource({"100Mi,104857600", "1Gi,1073741824", "512Ki,524288", "200m,0.200", "1.5,1.5", "1e3,1E+3", "2k,2E+3"})
    void quantities(String in, String value) {
        assertThat(SortBy.quantity(in)).isEqualByComparingTo(new BigDecimal(value));
    }

    @Test
    void nonQuantities() {
        assertThat(SortBy.quantity("10.0.0.9")).isNull();
        assertThat(SortBy.quantity("web")).isNull();
        assertThat(SortBy.quantity("")).isNull();
    }

    @Test
    void ordersLikeKubectl() throws Exception {
        SortBy sort = SortBy.parse(".v");
        assertThat(sort.order(items("3", "1", null, "2"))).containsExactly(2, 1, 3, 0);
        assertThat(sort.order(items("\"1Gi\"", "\"512Ki\"", "\"100Mi\""))).containsExactly(1, 2, 0);
        assertThat(sort.order(items("\"web-9\"", "\"web-10\"", "\"db-0\""))).containsExactly(2, 1, 0);
        assertThat(sort.order(items("0.5", "0.25"))).containsExactly(1, 0);
    }

    @Test
    void unsortableValuesAreErrors() throws Exception {
        SortBy sort = SortBy.parse(".v");
        assertThatThrownBy(() -> sort.order(items("1", "0.5"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sort.order(items("true", "false"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sort.order(items(null, null))).hasMessageContaining("couldn't find any field");
        assertThatThrownBy(() -> SortBy.parse("{.a[")).hasMessageStartingWith("sorting error:");
    }
}
