import browser from 'webextension-polyfill';
import { CONTROL_DEFAULT, STORAGE_KEYS, type Control, type PageControl } from '../core/protocol/messages';

/**
 * The user's and carer's decisions about the targets (consent, on/off,
 * sleep, sites opted out, home page), in storage.local under their own key.
 */
const withDefaults = (stored: Partial<Control> | undefined): Control => ({ ...CONTROL_DEFAULT, ...(stored ?? {}) });

/** Kept in memory: every heartbeat asks whether the targets are on (a worker restarted reads storage again). */
let control: Control | undefined;
/**
 * This worker's own writes not yet heard back, in order: their change
 * events carry values the cache may have moved past (a write that changes
 * nothing is never heard back, so these are matched, not counted).
 */
const echoes: string[] = [];

// This worker writes the control; whoever else may (a test, a future page) is heard here.
browser.storage.onChanged.addListener((changes, area) => {
  const c = changes[STORAGE_KEYS.control];
  if (area !== 'local' || !c) return;
  const heard = echoes.indexOf(JSON.stringify(c.newValue));
  if (heard >= 0) {
    echoes.splice(0, heard + 1);
    return;
  }
  echoes.length = 0;
  control = withDefaults(c.newValue as Partial<Control> | undefined);
});

export async function loadControl(): Promise<Control> {
  if (control) return control;
  const got = await browser.storage.local.get(STORAGE_KEYS.control);
  control ??= withDefaults(got[STORAGE_KEYS.control] as Partial<Control> | undefined);
  return control;
}

/** Whether pages draw the targets at all (consent given and switched on). */
export async function targetsOn(): Promise<boolean> {
  const c = await loadControl();
  return c.on && c.consentAt != null;
}

export async function patchControl(patch: Partial<Control>): Promise<Control> {
  const next = { ...(await loadControl()), ...patch };
  // Without consent the switch cannot be on: flicker needs the warning read first.
  if (next.consentAt == null) next.on = false;
  control = next;
  echoes.push(JSON.stringify(next));
  try {
    await browser.storage.local.set({ [STORAGE_KEYS.control]: next });
  } catch (e) {
    // Not written: storage still holds what was there; read it again next time.
    control = undefined;
    throw e;
  }
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
