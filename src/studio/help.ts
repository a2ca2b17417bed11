import calibration from '../../docs/calibration.md?raw';
import carerGuide from '../../docs/carer-guide.md?raw';
import devices from '../../docs/devices.md?raw';
import privacy from '../../docs/privacy.md?raw';
import { renderMarkdown } from './markdown';
import { $ } from '../extension/dom';

/**
 * The project's carer-facing docs, packaged into the extension and shown in
 * the Help tab (#help/<page>), so help links open a page, not a file path.
 */
const PAGES: Record<string, { title: string; text: string }> = {
  'carer-guide': { title: "Carer's guide", text: carerGuide },
  devices: { title: 'Headsets and sensor placement', text: devices },
  calibration: { title: 'Calibration, headset check, recordings, settings', text: calibration },
  privacy: { title: 'Privacy: what is stored where', text: privacy },
};
const IMAGES = import.meta.glob<string>('../../docs/img/*.png', { eager: true, query: '?url', import: 'default' });

function link(href: string): string | undefined {
  if (/^https?:/.test(href)) return href;
  if (href.startsWith('#')) return href;
  const page = /^(?:\.\/)?([\w-]+)\.md(#.*)?$/.exec(href)?.[1];
  return page && page in PAGES ? `#help/${page}` : undefined;
}

export function showHelp(page = 'carer-guide'): void {
  const doc = PAGES[page] ?? PAGES['carer-guide'];
  const name = page in PAGES ? page : 'carer-guide';
  for (const a of $('help-nav').querySelectorAll('a')) {
    if (a.dataset.page === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  $('help-doc').replaceChildren(
    renderMarkdown(doc.text, {
      link,
      image: (src) => IMAGES[`../../docs/${src.replace(/^\.\//, '')}`],
    }),
  );
  document.title = `BrainBrowsR help: ${doc.title}`;
}

export function initHelp(): void {
  $('help-nav').replaceChildren(
    ...Object.entries(PAGES).flatMap(([page, { title }], i) => {
      const a = Object.assign(document.createElement('a'), { href: `#help/${page}`, textContent: title });
      a.dataset.page = page;
      return i ? [' · ', a] : [a];
    }),
  );
}
