import { describe, expect, it } from 'vitest';
import { addresses, isTransitional, mebibytes, share, statusTone, taskWords } from './format';

describe('server status', () => {
  it('is busy while building or while a task runs', () => {
    expect(statusTone('BUILD')).toBe('busy');
    expect(statusTone('ACTIVE', 'powering-off')).toBe('busy');
    expect(isTransitional('SHUTOFF', null)).toBe(false);
    expect(statusTone('ACTIVE')).toBe('ok');
    expect(statusTone('SHUTOFF')).toBe('off');
    expect(statusTone('ERROR', 'deleting')).toBe('bad');
  });
  it('says tasks in words', () => {
    expect(taskWords('powering_off')).toBe('Powering off');
    expect(taskWords(null)).toBe('');
  });
});

describe('figures', () => {
  it('formats sizes', () => {
    expect(mebibytes(512)).toBe('512 MiB');
    expect(mebibytes(2048)).toBe('2 GiB');
    expect(mebibytes(1536)).toBe('1.5 GiB');
  });
  it('shares quota, unlimited as nothing used', () => {
    expect(share(5, 10)).toBe(0.5);
    expect(share(5, -1)).toBe(0);
    expect(share(12, 10)).toBe(1);
    expect(share(0, 0)).toBe(0);
  });
  it('lists addresses with floating ones marked', () => {
    expect(addresses({ private: [{ addr: '10.0.0.5', 'OS-EXT-IPS:type': 'fixed' },
      { addr: '172.24.4.9', 'OS-EXT-IPS:type': 'floating' }] })).toBe('10.0.0.5, 172.24.4.9 (floating)');
  });
});
