/**
 * Plain-text layout shared by jctl's printers. {@link io.jctl.cli.text.TabWriter} is Go's
 * {@code text/tabwriter} (as vendored by kubectl from github.com/liggitt/tabwriter), so tables and
 * describe output align byte for byte as kubectl's do; callers pick kubectl's settings through its
 * named factories.
 */
package io.jctl.cli.text;
