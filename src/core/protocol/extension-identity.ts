/**
 * The extension's fixed identity. The manifest carries this public key, so
 * Chromium derives the same extension id on every install; the relay trusts
 * publishers from that origin. (The private key is not needed for unpacked
 * or self-hosted installs and is not kept.)
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAs7RdVveLt3cl3vtgPJF/5YRc6NKGvW1WqHzJbI5i2HfiFb/Ca3tKOuu2c0XEVQeToOpxuZtrCiv4msn+qlxRRr0zU5/rLpDzZ/X+d7E872kLOZQTc/4mLJQrwoeISjI+hbtTKHUGCzhBcZBpRYfpgqyOTgqJB8rq0z0LRU1dRm+tu4esgLsU7AFyxb7j6U15fHSiNlOXBQ7s8rhOatwUq8bSmH4jwS2kFoYxjQY5rLCnZmDxBscHrvQUf/Z1X+P9mrmSnUQcj+YFd8zq79YIKv5dST+vGZJSOJZQo98YfCWG4v12VtEnDLS8SKlo0iYVMKGvrCpEws64G95z8YMWXwIDAQAB';

/** Chromium's id for EXTENSION_PUBLIC_KEY: SHA-256 of the key, first 32 hex digits mapped 0-f -> a-p. */
export const EXTENSION_ID = 'kmffopamanghkofcjhoifkcenidnfdof';

export const EXTENSION_ORIGIN = `chrome-extension://${EXTENSION_ID}`;
