/** What a target does when it is selected. */
export type ActionName =
  | 'like'
  | 'toggle-targets'
  | 'previous-post'
  | 'next-post'
  | 'scroll-down'
  | 'scroll-up'
  | 'back'
  | 'next-link'
  | 'open-link';

export const ACTION_LABELS: Record<ActionName, string> = {
  like: 'Like / unlike',
  'toggle-targets': 'Show / hide targets',
  'previous-post': 'Previous post',
  'next-post': 'Next post',
  'scroll-down': 'Scroll down',
  'scroll-up': 'Scroll up',
  back: 'Back',
  'next-link': 'Next link',
  'open-link': 'Open link',
};

export type Corner = 'top-left' | 'bottom-left' | 'top-right' | 'bottom-right' | 'top' | 'bottom' | 'left' | 'right';

export interface StimulusTarget {
  index: number;
  label: string;
  frequency: number;
  color: string;
  position: Corner;
  /** Action on feed pages (posts as <article>). */
  feedAction: ActionName;
  /** Action on other pages. */
  pageAction: ActionName;
}

export interface Layout {
  targets: StimulusTarget[];
  /** Side of each square in CSS pixels. */
  size: number;
}

/**
 * The original BrainBrowsR layout (BrainServR indices 0-3 at 8, 13, 10 and
 * 12 Hz). On pages without posts the same squares scroll and go back.
 */
export const DEFAULT_LAYOUT: Layout = {
  size: 160,
  targets: [
    {
      index: 0,
      label: 'Like',
      frequency: 8,
      color: '#d62828',
      position: 'top-left',
      feedAction: 'like',
      pageAction: 'back',
    },
    {
      index: 1,
      label: 'Targets',
      frequency: 13,
      color: '#2a9d3a',
      position: 'bottom-left',
      feedAction: 'toggle-targets',
      pageAction: 'toggle-targets',
    },
    {
      index: 2,
      label: 'Previous',
      frequency: 10,
      color: '#1d4ed8',
      position: 'top-right',
      feedAction: 'previous-post',
      pageAction: 'scroll-up',
    },
    {
      index: 3,
      label: 'Next',
      frequency: 12,
      color: '#111111',
      position: 'bottom-right',
      feedAction: 'next-post',
      pageAction: 'scroll-down',
    },
  ],
};
