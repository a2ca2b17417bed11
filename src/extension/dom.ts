/**
 * An element of an extension page by id. The pages are ours: a missing
 * element is a bug in the page, said at once with its id rather than as a
 * null dereference somewhere later.
 */
export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no element #${id}`);
  // The id names an element of a known kind in the page's own HTML.
  return el as T;
}
