import { favouriteProblem } from '../../core/browse/menu';
import { DEFAULT_SCAN } from '../../core/browse/scan';
import { MAX_FAVOURITES } from '../../core/browse/settings-check';
import {
  type BrowsingSettings,
  type Favourite,
  HINT_ALPHABETS,
  type HintAlphabet,
  SPELLER_LANGUAGES,
  type SpellerLanguage,
} from '../../core/protocol/layout';
import { ask } from '../../extension/messaging';
import { $ } from '../../extension/dom';

/**
 * The browsing part of the settings: how choice codes are written, the
 * language of word suggestions, the one-switch mode and its scan speed, and
 * the favourites the menu offers. Saved
 * with the rest of the settings by Apply; a favourite is checked as it is
 * added, and refused with the reason.
 */
const ALPHABET_NAMES: Record<HintAlphabet, string> = { shapes: 'Shapes', numbers: 'Numbers', letters: 'Letters' };

export interface BrowsingForm {
  read(): BrowsingSettings;
  show(b: BrowsingSettings): void;
}

function option(value: string, text: string, selected: boolean): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  o.selected = selected;
  return o;
}

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The speller learns the person's own words on this computer; a carer may clear them (one language at a time). */
async function forgetLearned(language: SpellerLanguage): Promise<void> {
  const result = $('forget-words-result');
  const name = capitalised(language);
  if (!confirm(`Forget every word the speller learned in ${name}? Suggestions go back to the shipped list.`)) return;
  try {
    const done = await ask({ to: 'background', type: 'forget-words', language });
    result.textContent =
      done === false ? 'The words could not be forgotten.' : `The words learned in ${name} are forgotten.`;
  } catch (e) {
    result.textContent = `The words could not be forgotten: ${e instanceof Error ? e.message : String(e)}`;
  }
}

export function initBrowsingForm(initial: BrowsingSettings, changed: () => void): BrowsingForm {
  const alphabet = $<HTMLSelectElement>('hint-alphabet');
  const language = $<HTMLSelectElement>('speller-language');
  const list = $('favourites');
  const name = $<HTMLInputElement>('fav-name');
  const url = $<HTMLInputElement>('fav-url');
  const problem = $('fav-problem');
  const oneSwitch = $<HTMLInputElement>('one-switch');
  const scanStep = $<HTMLInputElement>('scan-step');
  let favourites: Favourite[] = [];

  function renderFavourites(): void {
    const items = favourites.map((f, i) => {
      const li = document.createElement('li');
      const link = document.createElement('span');
      link.className = 'fav';
      link.textContent = `${f.name}: ${f.url}`;
      const remove = document.createElement('button');
      remove.className = 'fav-remove';
      remove.textContent = 'Remove';
      remove.setAttribute('aria-label', `Remove ${f.name}`);
      remove.addEventListener('click', () => {
        favourites.splice(i, 1);
        renderFavourites();
        changed();
      });
      li.append(link, ' ', remove);
      return li;
    });
    if (items.length === 0) {
      const none = document.createElement('li');
      none.textContent = 'No favourites yet.';
      items.push(none);
    }
    list.replaceChildren(...items);
  }

  function add(): void {
    const f = { name: name.value.trim(), url: url.value.trim() };
    const why =
      favouriteProblem(f) ??
      (favourites.some((g) => g.name.toLowerCase() === f.name.toLowerCase())
        ? `There is already a favourite called "${f.name}".`
        : undefined) ??
      (favourites.length >= MAX_FAVOURITES ? `At most ${MAX_FAVOURITES} favourites fit the menu.` : undefined);
    if (why) {
      problem.textContent = `Not added: ${why}`;
      return;
    }
    favourites.push(f);
    problem.textContent = `Added ${f.name}. Press Apply to save.`;
    name.value = '';
    url.value = '';
    renderFavourites();
    changed();
  }

  $('fav-add').addEventListener('click', add);
  for (const input of [name, url]) {
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') add();
    });
  }
  $('forget-words').addEventListener('click', () => void forgetLearned(language.value as SpellerLanguage));
  alphabet.addEventListener('change', changed);
  oneSwitch.addEventListener('change', changed);
  scanStep.addEventListener('input', changed);
  language.addEventListener('change', changed);

  const form: BrowsingForm = {
    read: () => ({
      hintAlphabet: alphabet.value as HintAlphabet,
      language: language.value as SpellerLanguage,
      favourites: favourites.map((f) => ({ ...f })),
      oneSwitch: {
        on: oneSwitch.checked,
        // Off, an empty or odd speed box is kept as the usual speed; on, it is checked (and refused).
        stepSeconds:
          oneSwitch.checked || Number.isFinite(scanStep.valueAsNumber)
            ? scanStep.valueAsNumber
            : DEFAULT_SCAN.stepSeconds,
      },
    }),
    show(b) {
      alphabet.replaceChildren(
        ...Object.entries(HINT_ALPHABETS).map(([key, symbols]) =>
          option(
            key,
            `${ALPHABET_NAMES[key as HintAlphabet]}: ${symbols.slice(0, 4).join(' ')}`,
            key === b.hintAlphabet,
          ),
        ),
      );
      language.replaceChildren(...SPELLER_LANGUAGES.map((l) => option(l, capitalised(l), l === b.language)));
      favourites = b.favourites.map((f) => ({ ...f }));
      oneSwitch.checked = b.oneSwitch?.on ?? false;
      scanStep.valueAsNumber = b.oneSwitch?.stepSeconds ?? DEFAULT_SCAN.stepSeconds;
      renderFavourites();
    },
  };
  form.show(initial);
  return form;
}
