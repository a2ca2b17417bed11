import { ask } from '../extension/messaging';

export const getSettings = () => ask({ to: 'background', type: 'get-settings' });
