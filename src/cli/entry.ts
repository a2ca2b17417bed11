import { main } from './main';

/** Process entry: exit with main's code once stdout has drained. */
export async function run(): Promise<void> {
  // A reader that stops early (`| head -3`) closes stdout: end quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  const code = await main(process.argv.slice(2));
  process.exitCode = code;
}
