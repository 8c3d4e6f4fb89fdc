import { describe, expect, it } from 'vitest';
import { createPinfoRoundRobin } from '../../src/pipeline/pinfoRoundRobin.ts';

describe('createPinfoRoundRobin', () => {
  it('is empty until it knows who is online', () => {
    expect(createPinfoRoundRobin(2).next()).toEqual([]);
  });

  it('cycles through everyone, perPoll at a time', () => {
    const rr = createPinfoRoundRobin(2);
    rr.update(['A', 'B', 'C']);
    expect(rr.next()).toEqual(['pinfo A', 'pinfo B']);
    expect(rr.next()).toEqual(['pinfo C', 'pinfo A']);
    expect(rr.next()).toEqual(['pinfo B', 'pinfo C']);
  });

  it('never repeats a name within one poll when fewer are online than perPoll', () => {
    const rr = createPinfoRoundRobin(5);
    rr.update(['A', 'B']);
    expect(rr.next()).toEqual(['pinfo A', 'pinfo B']);
  });

  it('keeps its place by name across logins and logouts', () => {
    const rr = createPinfoRoundRobin(1);
    rr.update(['A', 'B', 'C']);
    expect(rr.next()).toEqual(['pinfo A']);
    rr.update(['X', 'A', 'B', 'C']); // X logged in before B in the list
    expect(rr.next()).toEqual(['pinfo B']);
    rr.update(['X', 'A']); // C and B logged out: the cursor stays in range
    expect(rr.next()).toEqual(['pinfo A']);
    expect(rr.next()).toEqual(['pinfo X']);
    rr.update([]);
    expect(rr.next()).toEqual([]);
  });
});
