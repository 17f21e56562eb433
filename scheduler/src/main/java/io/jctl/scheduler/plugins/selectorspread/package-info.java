/** Score: fewer pods of the same controlling owner on a node is better, so replicas spread out. */
package io.jctl.scheduler.plugins.selectorspread;
