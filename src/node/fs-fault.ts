/** A file-system error in words a carer understands (the file is named by the caller; `expected`: what it should have been). */
export function fsFault(e: unknown, expected?: string): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return expected ? `is a directory, not ${expected}` : 'is a directory';
  return (e as Error).message ?? String(e);
}
