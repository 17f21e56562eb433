package io.jctl.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jctl.api.errors.ApiException;
import io.jctl.cli.CliException;
import io.jctl.cli.Session;
import io.jctl.cli.client.Transport;
import io.jctl.cli.describe.DescribeSource;
import io.jctl.cli.resources.ApiResource;

import java.util.List;

/**
 * Related objects and Events for describers, listed from the server. A kind the server does not
 * serve, or may not be listed, yields an empty list: describe shows what it can.
 */
final class ApiDescribeSource implements DescribeSource {
    private final Session session;

    ApiDescribeSource(Session session) {
        this.session = session;
    }

    @Override
    public List<ObjectNode> list(String apiVersion, String kind, String namespace, String labelSelector,
                                 String fieldSelector) {
        try {
            ApiResource r = session.resources().forKind(apiVersion, kind);
            ObjectNode list = Lists.all(session.http(), r.ref().collectionPath(r.namespaced() ? namespace : null),
                    new Queries().add("labelSelector", labelSelector).add("fieldSelector", fieldSelector), Transport.JSON);
            return Lists.items(list, r);
        } catch (CliException e) {
            return List.of();
        } catch (ApiException e) {
            if (e.code() == 403 || e.code() == 404 || e.code() == 400) {
                return List.of();
            }
            throw e;
        }
    }
}
