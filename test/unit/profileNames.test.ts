// Profile names: NFC, no bidi overrides or invisible characters, a visible character required, and look-alike
// duplicates (case, invisibles, NFC/NFD, compatibility forms, Cyrillic/Greek letters) refused.
import { describe, expect, it } from 'vitest';
import { cleanProfileName, normalizeProfileName as normalizeName, profileNameForDisplay, profileNameKey } from '../../src/storage/profileNames';
import { createProfile, listProfiles, normalizeProfileName, renameProfile, StorageValidationError } from '../../src/storage/repository';
import { useFakeIndexedDb } from '../helpers/fakeIndexedDb';

const fakeDb = useFakeIndexedDb('names-db');

describe('normalizing a name', () => {
  it('removes bidi controls, so "Bob\\u202Egpj.exe" is stored (and shown) as "Bobgpj.exe"', () => {
    expect(normalizeName('Bob\u202Egpj.exe')).toBe('Bobgpj.exe');
    for (const control of ['\u202A', '\u202B', '\u202C', '\u202D', '\u202E', '\u2066', '\u2067', '\u2068', '\u2069', '\u200E', '\u200F', '\u061C']) {
      expect(normalizeName(`A${control}b${control}`), control.codePointAt(0)!.toString(16)).toBe('Ab');
    }
  });

  it('stores NFC, strips zero-width and other invisible characters, collapses spaces', () => {
    expect(normalizeName('Cafe\u0301')).toBe('Caf\u00E9');
    expect(normalizeName('  A\u200Bda\u2060 \u00A0 Love\u00ADlace\uFEFF ')).toBe('Ada Lovelace');
    expect(normalizeName('Ann\u2800\u2800Lee')).toBe('Ann Lee');
    expect(normalizeName('Zoë\u0000\u001F')).toBe('Zoë');
  });

  it('keeps the joiners and selectors real names need between visible characters', () => {
    const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}';
    expect(normalizeName(family)).toBe(family);
    expect(normalizeName('\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645')).toBe('\u0645\u06CC\u200C\u062E\u0648\u0627\u0647\u0645'); // Persian ZWNJ
    expect(normalizeName('\u2764\uFE0F Ana')).toBe('\u2764\uFE0F Ana');
    // A joiner that joins nothing is dropped.
    expect(normalizeName('\u200DAda\u200C')).toBe('Ada');
    expect(normalizeName('Ada \u200D\u200D Lee')).toBe('Ada Lee');
  });

  it('refuses names with nothing visible', () => {
    for (const invisible of [
      '\u200B',
      '\u200B\u200B\u200B',
      '\u3164',
      '\u115F\u1160',
      '\uFFA0',
      '\u2800\u2800',
      '\u202E',
      '\u200D',
      '\uFE0F',
      '\u0301',
      '\u00AD',
      '\u{E0041}\u{E0064}\u{E0061}',
    ]) {
      expect(() => normalizeName(invisible), invisible.codePointAt(0)!.toString(16)).toThrow(/at least one visible/);
    }
    expect(() => normalizeName('   ')).toThrow('Please enter a name.');
    expect(() => normalizeName('')).toThrow('Please enter a name.');
  });

  it('refuses a lone surrogate or the replacement character it turns into ("\uD800" was stored and shown as "�")', () => {
    for (const name of ['\uD800', 'Ada\uD800', '\uDC00Ada', 'Ada\uDFFF\uD800', '\uFFFD', 'Ad\uFFFDa']) {
      expect(() => normalizeProfileName(name), JSON.stringify(name)).toThrow('The name has a broken character (shown as “�”); please type it again.');
    }
    // Pairs are whole characters.
    expect(normalizeProfileName('Ada \uD83C\uDFAC')).toBe('Ada 🎬');
  });

  it('counts characters, not UTF-16 units, against the 40-character limit', () => {
    expect(normalizeName('\u{1F600}'.repeat(40))).toHaveLength(80);
    expect(() => normalizeName('\u{1F600}'.repeat(41))).toThrow(/at most 40/);
    expect(() => normalizeName('W'.repeat(41))).toThrow(/at most 40/);
  });

  it('the repository wraps every refusal as a StorageValidationError on "name"', () => {
    try {
      normalizeProfileName('\u3164');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StorageValidationError);
      expect((error as StorageValidationError).field).toBe('name');
    }
  });
});

describe('look-alike names', () => {
  it('share one key: case, invisibles, NFC/NFD, compatibility forms, Cyrillic and Greek look-alikes', () => {
    const same = (a: string, b: string) => expect(profileNameKey(a), `${a} vs ${b}`).toBe(profileNameKey(b));
    same('Ada', 'ada');
    same('Ada', 'ADA');
    same('Ada', 'Ada\u200B');
    same('Ada', 'A\u2060d\u00ADa');
    same('Café', 'Cafe\u0301');
    same('Ada', '\uFF21\uFF44\uFF41'); // fullwidth
    same('Ada', '\u0410da'); // Cyrillic А
    same('Pope', '\u0420\u043E\u0440\u0435'); // all-Cyrillic "Роре"
    same('Straße', 'STRASSE');
    same('Ocean', '\u039Fcean'); // Greek Ο
  });

  it('keeps genuinely different names apart', () => {
    const differ = (a: string, b: string) => expect(profileNameKey(a), `${a} vs ${b}`).not.toBe(profileNameKey(b));
    differ('Ada', 'Ada Lee');
    differ('Café', 'Cafe');
    differ('Ada', 'Adam');
    differ('Ольга', 'Олег');
    differ('\u{1F468}\u200D\u{1F469}', '\u{1F468}\u{1F469}'.slice(0, 2));
  });

  it('createProfile and renameProfile refuse a name that looks like an existing one', async () => {
    const db = fakeDb.openDb();
    const ada = await createProfile(db, 'Ada');
    await createProfile(db, 'Café');
    for (const lookAlike of ['Ada\u200B', 'ADA', '\u0410da', 'A\u2060da', '\uFF21da']) {
      await expect(createProfile(db, lookAlike), lookAlike).rejects.toThrow('There is already a profile called “Ada” on this device.');
    }
    await expect(createProfile(db, 'Cafe\u0301')).rejects.toThrow(/already a profile called “Café”/);
    const bob = await createProfile(db, 'Bob\u202Egpj.exe');
    expect(bob.name).toBe('Bobgpj.exe');
    await expect(renameProfile(db, bob.id, '\u0430DA')).rejects.toThrow(/already a profile called “Ada”/);
    // Renaming a profile to a look-alike of its own name is fine.
    await renameProfile(db, ada.id, 'ADA\u200B');
    expect((await listProfiles(db)).map((p) => p.name)).toEqual(['ADA', 'Café', 'Bobgpj.exe']);
  });
});

describe('names stored before the normal form', () => {
  it('are shown without their controls, and an invisible one as "Unnamed profile"', () => {
    expect(profileNameForDisplay('Bob\u202Egpj.exe')).toBe('Bobgpj.exe');
    expect(profileNameForDisplay('\u200B\u3164')).toBe('Unnamed profile');
    expect(cleanProfileName(' A\u200Bda ')).toBe('Ada');
  });
});
