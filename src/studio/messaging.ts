import { ask } from '../extension/messaging';

export const getSettings = () => ask({ to: 'background', type: 'get-settings' });
export const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
