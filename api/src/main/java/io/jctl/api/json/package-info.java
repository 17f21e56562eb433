/** JSON and YAML codecs shared by every component, configured once (no scalar coercion). */
package io.jctl.api.json;
