/** Notification channels (webhook, Slack, email, PagerDuty), the outbox and the dispatcher that delivers it. */
@NullMarked
package dev.steward.notify;

import org.jspecify.annotations.NullMarked;
