import type { ContentReplies } from '../../core/protocol/replies';

/**
 * This page's title and whether its targets can be drawn, for another tab's
 * Switch tab list (the extension has no `tabs` permission, so it cannot
 * read titles itself).
 */
export function tabInfo(drawsTargets: boolean): ContentReplies['tab-info'] {
  return { title: document.title.trim() || location.hostname, targets: drawsTargets };
}
