package io.jctl.apiserver.registry;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.jctl.api.errors.StatusCause;
import io.jctl.apiserver.validation.FieldErrors;
import io.jctl.apiserver.validation.NameRule;
import io.jctl.apiserver.validation.ObjectMetaValidation;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Everything the api-server knows about one kind: its identity for paths and discovery, its
 * defaulting and validation, the fields it can be selected by and its table columns. Adding a
 * kind to the API is one subclass listed in {@link io.jctl.apiserver.registry.kinds.Kinds}.
 *
 * <p>Objects handed to the hooks are private copies; hooks may change them in place.
 */
public abstract class ResourceType<T extends HasMetadata> {
    private final String group;
    private final String version;
    private final String kind;
    private final String plural;
    private final boolean namespaced;
    private final Class<T> type;

    protected ResourceType(String group, String version, String kind, String plural, boolean namespaced,
                           Class<T> type) {
        this.group = group;
        this.version = version;
        this.kind = kind;
        this.plural = plural;
        this.namespaced = namespaced;
        this.type = type;
    }

    public final String group() {
        return group;
    }

    public final String version() {
        return version;
    }

    public final String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    public final String kind() {
        return kind;
    }

    public final String plural() {
        return plural;
    }

    public String singular() {
        return kind.toLowerCase(Locale.ROOT);
    }

    public List<String> shortNames() {
        return List.of();
    }

    /** Discovery categories; {@code all} makes {@code kubectl get all} include the kind. */
    public List<String> categories() {
        return List.of();
    }

    public final boolean namespaced() {
        return namespaced;
    }

    public final Class<T> type() {
        return type;
    }

    /** {@code deployments.apps}, {@code pods}: how Kubernetes names the resource in messages. */
    public final String qualifiedResource() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** {@code Deployment.apps}, {@code Pod}: how Kubernetes names the kind in Invalid messages. */
    public final String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    /** Whether the kind has a {@code status} stanza written through the status subresource. */
    public boolean hasStatus() {
        return false;
    }

    /** Subresources besides {@code status}: {@code scale}, {@code binding}, {@code log}, {@code exec}. */
    public Set<String> extraSubresources() {
        return Set.of();
    }

    /** The rule for {@code metadata.name}: DNS-1123 subdomain unless the kind says otherwise. */
    public NameRule nameRule() {
        return NameRule.DNS1123_SUBDOMAIN;
    }

    /**
     * JSON paths besides {@code metadata.name} and {@code metadata.namespace} that a
     * fieldSelector may name, such as {@code spec.nodeName} or {@code status.phase}.
     */
    public List<String> selectableFields() {
        return List.of();
    }

    /**
     * Where in the object a selectable field's value lives; the same path for most fields, but
     * e.g. an Event's {@code source} selects by {@code source.component}.
     */
    public String fieldPath(String selectableField) {
        return selectableField;
    }

    /** Whether tables start with a NAME column (kubectl prints none for events). */
    public boolean tableHasNameColumn() {
        return true;
    }

    /** Resets what a client may not set on create (status, for most kinds). */
    public void prepareForCreate(T obj) {
    }

    /** Fills in what Kubernetes fills in when a field is left out. Runs on every write. */
    public void setDefaults(T obj) {
    }

    /** Kind-specific checks; {@code old} is null on create. */
    protected void validate(T obj, T old, FieldErrors errors) {
    }

    /** Checks for a write through the status subresource. */
    protected void validateStatus(T obj, T old, FieldErrors errors) {
    }

    /**
     * Whether {@link #validateStatus} reads its {@code old} argument. A kind whose status checks
     * look at the new object only returns false: status writes then skip converting the stored
     * object to the model class and pass null as {@code old}.
     */
    public boolean statusValidationReadsOld() {
        return true;
    }

    /** Columns after NAME of the server-side Table (kubectl's printer columns). */
    public List<TableColumn> columns() {
        return List.of(TableColumn.AGE);
    }

    /** Cells for {@link #columns()}, in order. */
    public List<Object> cells(T obj) {
        return List.of(TableColumn.age(obj));
    }

    /** All validation of an object about to be stored through the main resource. */
    public final List<StatusCause> validateObject(T obj, T old) {
        FieldErrors errors = new FieldErrors();
        ObjectMetaValidation.validate(obj.getMetadata(), namespaced, nameRule(),
                old == null ? null : old.getMetadata(), errors);
        validate(obj, old, errors);
        return errors.causes();
    }

    /** All validation of an object about to be stored through the status subresource. */
    public final List<StatusCause> validateStatusObject(T obj, T old) {
        FieldErrors errors = new FieldErrors();
        validateStatus(obj, old, errors);
        return errors.causes();
    }
}
