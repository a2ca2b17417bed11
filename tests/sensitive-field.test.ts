import { describe, expect, it } from 'vitest';
import { type FieldTraits, isSensitiveField } from '../src/core/browse/sensitive-field';

/** A plain text field with nothing said about autofill. */
const plain: FieldTraits = {
  type: 'text',
  autocomplete: null,
  formAutocomplete: null,
  masked: false,
  wasPassword: false,
  inSearch: false,
};
const field = (f: Partial<FieldTraits>) => isSensitiveField({ ...plain, ...f });

describe('sensitive fields', () => {
  it('a plain text field, a search box, a textarea and ordinary autofill names are not secret', () => {
    expect(field({})).toBe(false);
    expect(field({ type: 'search' })).toBe(false);
    expect(field({ type: '' })).toBe(false);
    for (const autocomplete of [
      'on',
      'name',
      'email',
      'shipping street-address',
      'section-a billing postal-code',
      '',
    ]) {
      expect(field({ autocomplete }), autocomplete).toBe(false);
    }
    expect(field({ formAutocomplete: 'on' })).toBe(false);
  });

  it('password fields, now or before a "show password" button, and text drawn as dots are secret', () => {
    expect(field({ type: 'password' })).toBe(true);
    expect(field({ wasPassword: true })).toBe(true);
    expect(field({ masked: true })).toBe(true);
  });

  it('credential, one-time code and payment autofill names are secret, with sections and modifiers, in any case', () => {
    for (const autocomplete of [
      'current-password',
      'new-password',
      'username',
      'one-time-code',
      'cc-number',
      'cc-csc',
      'cc-exp-month',
      'cc-name',
      'transaction-amount',
      'section-login current-password',
      'billing cc-number',
      '  CC-Number  ',
      'username webauthn',
      'webauthn',
    ]) {
      expect(field({ autocomplete }), autocomplete).toBe(true);
    }
  });

  it('autofill switched off on the field, or on its form unless the field says on, is secret', () => {
    expect(field({ autocomplete: 'off' })).toBe(true);
    expect(field({ autocomplete: 'OFF' })).toBe(true);
    expect(field({ formAutocomplete: 'off' })).toBe(true);
    expect(field({ formAutocomplete: ' Off ' })).toBe(true);
    // Made-up values (often used to defeat autofill) do not lift the form's "off"; nor does an ordinary name.
    expect(field({ autocomplete: 'nope', formAutocomplete: 'off' })).toBe(true);
    expect(field({ autocomplete: 'email', formAutocomplete: 'off' })).toBe(true);
    // The standard lets the field's own "on" win over its form.
    expect(field({ autocomplete: 'on', formAutocomplete: 'off' })).toBe(false);
    // A password field stays secret whatever autofill says.
    expect(field({ type: 'password', autocomplete: 'on' })).toBe(true);
  });

  it('a search box with autofill off keeps its words, but not when it asks for a credential or is a password', () => {
    expect(field({ type: 'search', autocomplete: 'off' })).toBe(false);
    expect(field({ inSearch: true, autocomplete: 'off', formAutocomplete: 'off' })).toBe(false);
    expect(field({ inSearch: true, autocomplete: 'one-time-code' })).toBe(true);
    expect(field({ inSearch: true, type: 'password' })).toBe(true);
  });
});
