import browser from 'webextension-polyfill';
import { CONTROL_DEFAULT, STORAGE_KEYS, type Control, type PageControl } from '../core/protocol/messages';

/**
 * The user's and carer's decisions about the targets (consent, on/off,
 * sleep, sites opted out, home page), in storage.local under their own key.
 */
export async function loadControl(): Promise<Control> {
  const got = await browser.storage.local.get(STORAGE_KEYS.control);
  return { ...CONTROL_DEFAULT, ...((got[STORAGE_KEYS.control] as Partial<Control>) ?? {}) };
}

export async function patchControl(patch: Partial<Control>): Promise<Control> {
  const next = { ...(await loadControl()), ...patch };
  // Without consent the switch cannot be on: flicker needs the warning read first.
  if (next.consentAt == null) next.on = false;
  await browser.storage.local.set({ [STORAGE_KEYS.control]: next });
  return next;
}

export function siteOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.hostname : undefined;
  } catch {
    return undefined;
  }
}

/** Control as one page may see it: whether its own site opted out, not the list. */
export function pageControl(c: Control, url: string | undefined): PageControl {
  const site = siteOf(url);
  return {
    consented: c.consentAt != null,
    on: c.on,
    asleep: c.asleep,
    blocked: site !== undefined && c.blockedSites.includes(site),
    homePage: c.homePage,
  };
}
