package io.jctl.cli.describe;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Describes one kind of object in kubectl's layout. */
interface KindDescriber {
    String describe(ObjectNode obj, DescribeContext ctx);
}
