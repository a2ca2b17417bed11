import { describe, expect, it, vi } from 'vitest';
import { main } from '../relay/main';

/** `npm run relay` options that are refused before anything listens. */
describe('relay command line', () => {
  it.each([
    [['--allow-host', 'bad name!', '--host', '0.0.0.0'], /--allow-host "bad name!" is not a host name/],
    [['--allow-host', 'mybox.lan'], /--allow-host only applies with --host beyond loopback/],
    [['--port', '99999'], /--port must be 0-65535/],
    [['--allow-origin', 'not an origin'], /--allow-origin "not an origin"/],
  ])('%j exits 2 with one line naming the option', async (argv, message) => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((line: string) => void errors.push(line));
    try {
      expect(await main(argv)).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});
