/**
 * The small part of Markdown the project's docs use (headings, paragraphs,
 * lists, tables, code, links, images, bold, inline code), rendered as DOM
 * nodes (never innerHTML). `link` maps a link target to a page address, or
 * undefined to show the text alone.
 */
export interface MarkdownOptions {
  link: (href: string) => string | undefined;
  image: (src: string) => string | undefined;
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, ...children: (Node | string)[]) => {
  const e = document.createElement(tag);
  e.append(...children);
  return e;
};

function inline(text: string, o: MarkdownOptions): (Node | string)[] {
  const out: (Node | string)[] = [];
  const re = /(!?)\[([^\]]*)\]\(([^)\s]+)\)|`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(text.slice(last, m.index));
    last = re.lastIndex;
    if (m[4] !== undefined) out.push(el('code', m[4]));
    else if (m[5] !== undefined) out.push(el('strong', ...inline(m[5], o)));
    else if (m[1] === '!') {
      const src = o.image(m[3]);
      if (src) out.push(Object.assign(document.createElement('img'), { src, alt: m[2] }));
      else out.push(el('em', `[${m[2] || 'picture'}: not available yet]`));
    } else {
      const href = o.link(m[3]);
      if (!href) out.push(...inline(m[2], o));
      else {
        const a = el('a', ...inline(m[2], o));
        a.href = href;
        if (/^https?:/.test(href)) a.target = '_blank';
        out.push(a);
      }
    }
  }
  out.push(text.slice(last));
  return out.filter((x) => x !== '');
}

export function renderMarkdown(source: string, o: MarkdownOptions): DocumentFragment {
  const frag = document.createDocumentFragment();
  const lines = source.replace(/\r/g, '').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') {
      i++;
    } else if (line.startsWith('<!--')) {
      // Notes for maintainers (e.g. screenshot placeholders) are not shown.
      while (i < lines.length && !lines[i].includes('-->')) i++;
      i++;
    } else if (line.startsWith('```')) {
      const code: string[] = [];
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i]);
      i++;
      frag.append(el('pre', el('code', code.join('\n'))));
    } else if (/^#{1,4} /.test(line)) {
      const level = /^#+/.exec(line)![0].length;
      frag.append(el(`h${Math.min(6, level + 1)}` as 'h2', ...inline(line.slice(level + 1), o)));
      i++;
    } else if (line.startsWith('|')) {
      const rows: string[][] = [];
      for (; i < lines.length && lines[i].startsWith('|'); i++) {
        if (/^\|[\s:|-]+\|$/.test(lines[i])) continue;
        rows.push(
          lines[i]
            .slice(1, -1)
            .split('|')
            .map((c) => c.trim()),
        );
      }
      const [head, ...body] = rows;
      const th = (c: string) => Object.assign(el('th', ...inline(c, o)), { scope: 'col' });
      frag.append(
        el(
          'table',
          el('thead', el('tr', ...head.map(th))),
          el('tbody', ...body.map((r) => el('tr', ...r.map((c) => el('td', ...inline(c, o)))))),
        ),
      );
    } else if (/^\s*([-*]|\d+\.) /.test(line)) {
      const ordered = /^\s*\d+\./.test(line);
      const list = document.createElement(ordered ? 'ol' : 'ul');
      while (i < lines.length && /^\s*([-*]|\d+\.) /.test(lines[i])) {
        let item = lines[i].replace(/^\s*([-*]|\d+\.) /, '');
        // Continuation lines are indented.
        for (i++; i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*([-*]|\d+\.) /.test(lines[i]); i++)
          item += ' ' + lines[i].trim();
        list.append(el('li', ...inline(item, o)));
      }
      frag.append(list);
    } else {
      const para: string[] = [];
      for (; i < lines.length && lines[i].trim() !== '' && !/^(#{1,4} |```|\||\s*([-*]|\d+\.) )/.test(lines[i]); i++)
        para.push(lines[i].trim());
      frag.append(el('p', ...inline(para.join(' '), o)));
    }
  }
  return frag;
}
