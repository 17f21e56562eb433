/**
 * Controller expectations: the creations and deletions a controller has sent and not yet seen in
 * its informer cache. A controller skips scaling a key while its expectations are pending, so that
 * watch lag never makes it create or delete twice.
 */
package io.jctl.controllers.expectations;
