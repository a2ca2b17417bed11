/** A file-system error in words a carer understands (the file is named by the caller). */
export function fsFault(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory, not a recording';
  return (e as Error).message ?? String(e);
}
