/**
 * Who holds a pending number: a claim of a process on another machine is
 * taken as abandoned only once its lease has run out; one on this machine as
 * soon as its process is gone (README, "Crashes and outages").
 */
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { OWNER, ownerGone } from '../src/register/owner.js';

describe('ownerGone', () => {
  const lease = 60_000;
  const now = Date.parse('2026-12-05T10:00:00Z');
  const at = (msAgo: number) => new Date(now - msAgo).toISOString();

  it('another machine: held while its lease runs, abandoned once it has run out', () => {
    expect(ownerGone('kantor-b:4242', at(lease - 1000), lease, now)).toBe(false);
    expect(ownerGone('kantor-b:4242', at(lease + 1000), lease, now)).toBe(true);
  });

  it('this machine: a live process holds it whatever its age; a process that is gone does not', () => {
    expect(ownerGone(`${hostname()}:${process.ppid}`, at(1000), lease, now)).toBe(false);
    expect(ownerGone(`${hostname()}:999999999`, at(1000), lease, now)).toBe(true);
    expect(ownerGone(OWNER, at(1000), lease, now)).toBe(true);
  });
});
