import browser from 'webextension-polyfill';
import type { Settings, ToBackground, ToOffscreen } from '../core/protocol/messages';

export const toOffscreen = <T = unknown>(m: ToOffscreen) => browser.runtime.sendMessage(m) as Promise<T>;
export const toBackground = <T = unknown>(m: ToBackground) => browser.runtime.sendMessage(m) as Promise<T>;
export const getSettings = () => toBackground<Settings>({ to: 'background', type: 'get-settings' });
export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
