import { describe, expect, it } from 'vitest';
import { pythonFloatRepr, toPythonRepr } from '../../src/pipeline/demo/pythonRepr';

describe('toPythonRepr matches Python repr() (expected strings produced by CPython 3)', () => {
  it('chooses quotes and escapes like unicode_repr', () => {
    expect(toPythonRepr("it's")).toBe('"it\'s"');
    expect(toPythonRepr('say "hi"')).toBe('\'say "hi"\'');
    expect(toPythonRepr('it\'s "x"')).toBe("'it\\'s \"x\"'");
    expect(toPythonRepr('a\\b\n\t\r\x00\x7f')).toBe("'a\\\\b\\n\\t\\r\\x00\\x7f'");
    expect(toPythonRepr('café 😀 東京')).toBe("'café 😀 東京'");
    expect(toPythonRepr('nb\u00a0sp zw\u200bsp')).toBe("'nb\\xa0sp zw\\u200bsp'");
    expect(toPythonRepr('\ud800 lone')).toBe("'\\ud800 lone'");
  });

  it('prints numbers and constants like Python', () => {
    expect(toPythonRepr([1, -3, 1.5, 1e-5, 0.0001, 1e16, 1.5e20, -0, 5e-324, 100])).toBe('[1, -3, 1.5, 1e-05, 0.0001, 1e+16, 1.5e+20, -0.0, 5e-324, 100]');
    expect(toPythonRepr([true, false, null, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])).toBe('[True, False, None, nan, inf, -inf]');
    expect(pythonFloatRepr(81)).toBe('81.0');
    expect(pythonFloatRepr(21.946943)).toBe('21.946943');
    expect(pythonFloatRepr(8.2e-5)).toBe('8.2e-05');
    expect(pythonFloatRepr(123456789012345.6)).toBe('123456789012345.6');
    expect(pythonFloatRepr(1234567890123456.8)).toBe('1234567890123456.8');
    expect(pythonFloatRepr(12345678901234568)).toBe('1.2345678901234568e+16');
  });

  it('prints dicts in insertion order with ": " and ", " separators', () => {
    expect(toPythonRepr({ id: 10194, name: 'X Collection', poster_path: null })).toBe("{'id': 10194, 'name': 'X Collection', 'poster_path': None}");
    expect(toPythonRepr([])).toBe('[]');
    expect(toPythonRepr({})).toBe('{}');
  });
});
