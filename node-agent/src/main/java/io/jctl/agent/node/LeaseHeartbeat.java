package io.jctl.agent.node;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpecBuilder;
import io.jctl.api.client.ApiClient;
import io.jctl.api.errors.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.function.Supplier;

/**
 * The node's Lease in {@code kube-node-lease}, renewed every tick (10 s) from the last copy
 * written, so a renewal is one PUT; a conflict or a missing Lease costs one more call.
 */
public final class LeaseHeartbeat {
    private static final Logger LOG = LoggerFactory.getLogger(LeaseHeartbeat.class);
    public static final String NAMESPACE = "kube-node-lease";
    public static final int DURATION_SECONDS = 40;

    private final ApiClient api;
    private final String node;
    private final Supplier<String> nodeUid;
    private volatile Lease last;

    public LeaseHeartbeat(ApiClient api, String node, Supplier<String> nodeUid) {
        this.api = api;
        this.node = node;
        this.nodeUid = nodeUid;
    }

    public void tick() {
        try {
            renew();
        } catch (RuntimeException e) {
            LOG.warn("lease of node {} not renewed: {}", node, e.toString());
        }
    }

    /** Renews (or creates) the lease; throws when the api-server refuses. */
    public synchronized void renew() {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        for (int attempt = 0; attempt < 3; attempt++) {
            Lease base = last;
            if (base == null) {
                base = api.leases().find(NAMESPACE, node).orElse(null);
            }
            try {
                if (base == null) {
                    LeaseBuilder b = new LeaseBuilder().withMetadata(new ObjectMetaBuilder().withName(node)
                            .withNamespace(NAMESPACE).build())
                            .withSpec(new LeaseSpecBuilder().withHolderIdentity(node)
                                    .withLeaseDurationSeconds(DURATION_SECONDS).withRenewTime(now).build());
                    String uid = nodeUid.get();
                    if (uid != null) {
                        b.editMetadata().withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1")
                                .withKind("Node").withName(node).withUid(uid).build()).endMetadata();
                    }
                    last = api.leases().create(b.build());
                } else {
                    Lease next = new LeaseBuilder(base).editSpec().withHolderIdentity(node)
                            .withLeaseDurationSeconds(DURATION_SECONDS).withRenewTime(now).endSpec().build();
                    last = api.leases().update(next);
                }
                return;
            } catch (ApiException e) {
                if (e.code() == 409 || e.code() == 404) {
                    last = null;
                    continue;
                }
                throw e;
            }
        }
    }

    public Lease last() {
        return last;
    }
}
