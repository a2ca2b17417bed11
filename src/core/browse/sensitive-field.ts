/**
 * Which fields hold secrets: the one rule the speller follows to learn
 * nothing from a field, offer no words in it and say nothing of its text
 * (to the relay, the logs or the status line). Pure: the content script
 * reads the field's attributes (src/content/typing/sensitive.ts).
 */

/** What the page says about a field. */
export interface FieldTraits {
  /** The input's type, lower case ('' for a textarea or a contenteditable box). */
  type: string;
  /** The field's autocomplete attribute as written; null when it has none. */
  autocomplete: string | null;
  /** The autocomplete attribute of the field's form; null when it has none or no form. */
  formAutocomplete: string | null;
  /** The page draws the text as dots (CSS -webkit-text-security), as a password field does. */
  masked: boolean;
  /** The field was a password field before (a "show password" button turned it into text). */
  wasPassword: boolean;
  /** Inside a form or element with role=search, or a <search> element. */
  inSearch: boolean;
}

/**
 * Autofill field names (HTML standard, "Autofill") for credentials and
 * payment: what a person types there must stay theirs.
 */
export const SECRET_AUTOFILL_NAMES: ReadonlySet<string> = new Set([
  'username',
  'current-password',
  'new-password',
  'one-time-code',
  'cc-name',
  'cc-given-name',
  'cc-additional-name',
  'cc-family-name',
  'cc-number',
  'cc-exp',
  'cc-exp-month',
  'cc-exp-year',
  'cc-csc',
  'cc-type',
  'transaction-currency',
  'transaction-amount',
]);

const tokens = (attr: string | null): string[] => (attr ?? '').trim().toLowerCase().split(/\s+/).filter(Boolean);

/**
 * Whether what is typed into this field is secret: a password field (now or
 * before), text drawn as dots, a credential or payment autofill name
 * ("webauthn" asks for a passkey), or autofill switched off for the field
 * or its form. The form's "off" counts unless the field itself says "on"
 * (the standard lets the field's own setting win; anything else it may say
 * is read the careful way). A search box is the exception to "off": sites
 * switch autofill off there to show their own suggestions, not because a
 * search is secret, and taking words away from every search box would cost
 * the person far more than it protects.
 */
export function isSensitiveField(f: FieldTraits): boolean {
  if (f.type === 'password' || f.wasPassword || f.masked) return true;
  const own = tokens(f.autocomplete);
  if (own.some((t) => SECRET_AUTOFILL_NAMES.has(t) || t === 'webauthn')) return true;
  if (f.type === 'search' || f.inSearch) return false;
  if (own.includes('off')) return true;
  const saysOn = own.length === 1 && own[0] === 'on';
  return !saysOn && tokens(f.formAutocomplete).includes('off');
}
