/** kubectl's describe layout for each kind, with related objects and Events. */
package io.jctl.cli.describe;
