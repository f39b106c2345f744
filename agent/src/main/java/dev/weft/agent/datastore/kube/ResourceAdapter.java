package dev.weft.agent.datastore.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.agent.datastore.Resource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;

/**
 * Turns an informer's fabric8 object into the {@link Resource} the directory datastore would
 * have read from a file: the object's JSON tree, with {@code kind} set and the fields that change
 * without changing anything Weft uses removed ({@code metadata.managedFields}, {@code
 * metadata.resourceVersion}, and a Pod's condition and container statuses), so a heartbeat does
 * not produce a new snapshot.
 */
final class ResourceAdapter {
    private static final List<String> POD_STATUS_NOISE =
            List.of("conditions", "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses");

    private final KubernetesSerialization serialization;

    ResourceAdapter(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    Resource toResource(String kind, HasMetadata obj) {
        ObjectNode body = (ObjectNode) serialization.convertValue(obj, JsonNode.class);
        body.put("kind", kind);
        if (body.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
            meta.remove("resourceVersion");
        }
        if (kind.equals("Pod") && body.get("status") instanceof ObjectNode status) {
            status.remove(POD_STATUS_NOISE);
        }
        String ns = obj.getMetadata().getNamespace();
        return new Resource(kind, ns == null ? "" : ns, obj.getMetadata().getName(), body, null);
    }
}
