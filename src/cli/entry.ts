import { main } from './main';

/** Process entry: exit with main's code once stdout has drained. */
export async function run(): Promise<void> {
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
