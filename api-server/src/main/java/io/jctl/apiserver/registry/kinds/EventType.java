package io.jctl.apiserver.registry.kinds;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventSource;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.jctl.apiserver.registry.ResourceType;
import io.jctl.apiserver.registry.TableColumn;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.ValueFormats;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/** core/v1 Event. */
public final class EventType extends ResourceType<Event> {
    static final int REASON_MAX = 128;
    static final int MESSAGE_MAX = 1024;
    static final int REPORTING_MAX = 128;

    public EventType() {
        super("", "v1", "Event", "events", true, Event.class);
    }

    @Override
    public List<String> shortNames() {
        return List.of("ev");
    }

    @Override
    public String fieldPath(String selectableField) {
        return selectableField.equals("source") ? "source.component" : selectableField;
    }

    @Override
    public boolean tableHasNameColumn() {
        return false;
    }

    @Override
    public List<String> selectableFields() {
        return List.of("involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
                "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason",
                "reportingComponent", "source", "type");
    }

    /**
     * Kubernetes' legacy event checks: the namespace of the event and of its object agree. Events
     * with an {@code eventTime} (events.k8s.io style) must also name their reporter and action.
     * Reason and message lengths are checked for every event, which Kubernetes does only for the new style.
     */
    @Override
    protected void validate(Event ev, Event old, FieldErrors errors) {
        ObjectReference involved = ev.getInvolvedObject() == null ? new ObjectReference() : ev.getInvolvedObject();
        String ns = ev.getMetadata() == null || ev.getMetadata().getNamespace() == null ? "" : ev.getMetadata().getNamespace();
        String involvedNs = nz(involved.getNamespace());
        boolean newStyle = ev.getEventTime() != null && !nz(ev.getEventTime().getTime()).isEmpty();
        if (!newStyle) {
            if (involvedNs.isEmpty()) {
                if (!ns.isEmpty() && !ns.equals("default")) {
                    errors.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
                }
            } else if (!ns.equals(involvedNs)) {
                errors.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
            }
        } else {
            if (involvedNs.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
                errors.invalid("involvedObject.namespace", involvedNs, "does not match event.namespace");
            }
            String controller = nz(ev.getReportingComponent());
            if (controller.isEmpty()) {
                errors.required("reportingComponent", "");
            }
            ValueFormats.qualifiedName(controller).forEach(m -> errors.invalid("reportingComponent", controller, m));
            if (nz(ev.getReportingInstance()).isEmpty()) {
                errors.required("reportingInstance", "");
            }
            atMost(ev.getReportingInstance(), REPORTING_MAX, "reportingInstance", errors);
            if (nz(ev.getAction()).isEmpty()) {
                errors.required("action", "");
            }
            atMost(ev.getAction(), REPORTING_MAX, "action", errors);
            if (nz(ev.getReason()).isEmpty()) {
                errors.required("reason", "");
            }
        }
        atMost(ev.getReason(), REASON_MAX, "reason", errors);
        atMost(ev.getMessage(), MESSAGE_MAX, "message", errors);
    }

    private static void atMost(String value, int max, String path, FieldErrors errors) {
        if (value != null && value.length() > max) {
            errors.invalid(path, "", "can have at most " + max + " characters");
        }
    }

    @Override
    public List<TableColumn> columns() {
        return List.of(
                TableColumn.string("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
                TableColumn.string("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
                TableColumn.string("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
                TableColumn.string("Object", "The object that this event is about."),
                TableColumn.wide("Subobject", "If referring to a piece of an object instead of an entire object, this string should contain a valid JSON/Go field access statement, such as desiredState.manifest.containers[2]."),
                TableColumn.wide("Source", "The component reporting this event. Should be a short machine understandable string."),
                TableColumn.string("Message", "A human-readable description of the status of this operation."),
                TableColumn.wide("First Seen", "The time at which the event was first recorded."),
                new TableColumn("Count", "integer", "", "The number of times this event has occurred.", 1));
    }

    @Override
    public List<Object> cells(Event ev) {
        return cells(ev, Instant.now());
    }

    static List<Object> cells(Event ev, Instant now) {
        String first = since(ev.getFirstTimestamp(), now);
        if (nz(ev.getFirstTimestamp()).isEmpty()) {
            first = since(ev.getEventTime() == null ? null : ev.getEventTime().getTime(), now);
        }
        String last = nz(ev.getLastTimestamp()).isEmpty() ? first : since(ev.getLastTimestamp(), now);
        long count = ev.getCount() == null ? 0 : ev.getCount();
        if (ev.getSeries() != null) {
            last = since(ev.getSeries().getLastObservedTime() == null ? null : ev.getSeries().getLastObservedTime().getTime(), now);
            count = ev.getSeries().getCount() == null ? 0 : ev.getSeries().getCount();
        } else if (count == 0) {
            count = 1;
        }
        ObjectReference o = ev.getInvolvedObject() == null ? new ObjectReference() : ev.getInvolvedObject();
        String kind = nz(o.getKind()).toLowerCase(Locale.ROOT);
        String target = nz(o.getName()).isEmpty() ? kind : kind + "/" + o.getName();
        EventSource src = ev.getSource() == null ? new EventSource() : ev.getSource();
        String component = nz(src.getComponent()).isEmpty() ? nz(ev.getReportingComponent()) : src.getComponent();
        String instance = nz(src.getHost()).isEmpty() ? nz(ev.getReportingInstance()) : src.getHost();
        String source = instance.isEmpty() ? component : component + ", " + instance;
        return List.of(last, nz(ev.getType()), nz(ev.getReason()), target, nz(o.getFieldPath()), source,
                nz(ev.getMessage()).trim(), first, count);
    }

    private static String since(String timestamp, Instant now) {
        if (timestamp == null || timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return TableColumn.humanDuration(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
