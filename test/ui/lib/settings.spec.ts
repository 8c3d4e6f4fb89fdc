import { describe, expect, it } from 'vitest';
import {
  defaultWsUrl,
  loadSettings,
  saveSettings,
  tokenFromHash,
} from '../../../src/ui/lib/settings.ts';

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (key) => items.get(key) ?? null,
    key: (index) => [...items.keys()][index] ?? null,
    removeItem: (key) => void items.delete(key),
    setItem: (key, value) => void items.set(key, String(value)),
  };
}

describe('settings', () => {
  it('remembers and forgets the URL and token', () => {
    const storage = memoryStorage();
    expect(loadSettings(storage)).toBeUndefined();
    saveSettings({ url: 'ws://h/ws', token: 't'.repeat(16) }, storage);
    expect(loadSettings(storage)).toEqual({ url: 'ws://h/ws', token: 't'.repeat(16) });
    saveSettings(undefined, storage);
    expect(loadSettings(storage)).toBeUndefined();
  });

  it('ignores corrupt or blocked storage', () => {
    const storage = memoryStorage();
    storage.setItem('realmstream.dashboard.v1', '{not json');
    expect(loadSettings(storage)).toBeUndefined();
    storage.setItem('realmstream.dashboard.v1', '{"url":1,"token":"x"}');
    expect(loadSettings(storage)).toBeUndefined();
    const blocked = {
      ...memoryStorage(),
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    } as Storage;
    expect(loadSettings(blocked)).toBeUndefined();
    expect(() => saveSettings({ url: 'ws://h/ws', token: 'x' }, blocked)).not.toThrow();
    expect(loadSettings(undefined)).toBeUndefined();
  });

  it('reads the token from the fragment and derives the ws URL', () => {
    expect(tokenFromHash('#token=abc&x=1')).toBe('abc');
    expect(tokenFromHash('#x=1&token=a%2Bb')).toBe('a+b');
    expect(tokenFromHash('#token=')).toBeUndefined();
    expect(tokenFromHash('')).toBeUndefined();
    expect(defaultWsUrl({ protocol: 'https:', host: 'h:1' })).toBe('wss://h:1/ws');
    expect(defaultWsUrl({ protocol: 'http:', host: 'h' })).toBe('ws://h/ws');
  });
});
