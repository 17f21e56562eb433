package io.jctl.cli.output;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.json.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TablePrinter} corners the kubectl golden cases do not reach. */
class TablePrinterTest {
    private static final TableOptions KINDS = new TableOptions(false, false, false, List.of(), false, true, null);

    private static ObjectNode emptyTable(String plural) {
        ObjectNode t = Fixtures.table(plural, "default", null, null);
        t.putArray("rows");
        return t;
    }

    @Test
    void aTableWithoutRowsPrintsNothingAndNoSeparator() {
        assertThat(TablePrinter.render(List.of(new KindTable("pod", emptyTable("pods"))), TableOptions.defaults())).isEmpty();
        String out = TablePrinter.render(List.of(new KindTable("pod", emptyTable("pods")),
                new KindTable("deployment.apps", Fixtures.table("deployments", "default", null, null))), KINDS);
        assertThat(out).startsWith("NAME                  READY").doesNotStartWith("\n");
    }

    @Test
    void printsToTheStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TablePrinter.print(List.of(new KindTable("deployment.apps", Fixtures.table("deployments", "default", "web", null))),
                TableOptions.defaults(), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(
                "NAME   READY   UP-TO-DATE   AVAILABLE   AGE\nweb    3/3     3            3           42d\n");
    }

    @Test
    void rowsWithoutObjectsGetEmptyNamespaceAndLabelCells() {
        ObjectNode table = Fixtures.table("deployments", "default", "web", "None");
        String out = TablePrinter.render(List.of(new KindTable("deployment.apps", table)),
                new TableOptions(false, false, true, List.of(), true, false, null));
        assertThat(out).isEqualTo("NAMESPACE   NAME   READY   UP-TO-DATE   AVAILABLE   AGE   LABELS\n"
                + "            web    3/3     3            3           42d   \n");
    }

    @Test
    void aLaterTableWithTheSameColumnsPrintsNoSecondHeader() {
        ObjectNode second = Fixtures.table("deployments", "default", "api", null);
        second.putArray("columnDefinitions");
        String out = TablePrinter.render(List.of(
                new KindTable("deployment.apps", Fixtures.table("deployments", "default", "web", null)),
                new KindTable("deployment.apps", second)), TableOptions.defaults());
        assertThat(out).isEqualTo("NAME   READY   UP-TO-DATE   AVAILABLE   AGE\n"
                + "web    3/3     3            3           42d\n"
                + "api    1/1     1            1           12d\n");
    }

    @Test
    void cellsPrintAsGoPrintsThem() throws Exception {
        ObjectNode table = (ObjectNode) Json.mapper().readTree("{\"columnDefinitions\":["
                + "{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\"},{\"name\":\"Value\",\"type\":\"string\"}],"
                + "\"rows\":[]}");
        ArrayNode rows = table.putArray("rows");
        for (String cell : List.of("1000000.0", "123456789", "{\"a\":[1,\"x\"]}", "[\"a\",\"b\"]", "\"a\\rb\"", "\"x\\u001by\"")) {
            ObjectNode row = rows.addObject();
            row.putArray("cells").add("r").add(Json.mapper().readTree(cell));
        }
        assertThat(TablePrinter.render(List.of(new KindTable("thing", table)), TableOptions.defaults())).isEqualTo(
                "NAME   VALUE\nr      1e+06\nr      123456789\nr      map[a:[1 x]]\nr      [a b]\nr      a...\nr      x^[y\n");
    }

    @Test
    void sortingNeedsTheFieldSomewhere() {
        TableOptions sort = new TableOptions(false, false, false, List.of(), false, false, ".spec.replicas");
        List<KindTable> tables = List.of(new KindTable("deployment.apps", Fixtures.table("deployments", "default", null, null)));
        assertThatThrownBy(() -> TablePrinter.render(tables, sort)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("couldn't find any field with path \"{.spec.replicas}\" in the list of objects");
        List<KindTable> full = List.of(new KindTable("deployment.apps", Fixtures.table("deployments", "default", null, "Object")));
        assertThat(TablePrinter.render(full, sort)).contains("api    1/1").contains("\nweb ");
        assertThat(TablePrinter.render(full, sort).indexOf("api")).isLessThan(TablePrinter.render(full, sort).indexOf("web "));
    }
}
