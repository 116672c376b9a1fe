import { encodeGlobalID as pothosEncodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { decodeGlobalID, encodeGlobalID } from '../src/graphql/node-field';

// The API encodes global IDs with the runtime's btoa instead of Pothos' Buffer-based
// default (a CPU cost per node in a list): the IDs must not change.
describe('encodeGlobalID', () => {
  it.each([
    ['Article', 1],
    ['Country', 250],
    ['Equipment', 123456789012345],
    ['Deal', '42'],
    ['Ünïcode', 'é€𝄞'],
  ])('encodes %s:%s exactly as Pothos does', (typename, id) => {
    expect(encodeGlobalID(typename, id)).toBe(pothosEncodeGlobalID(typename, id));
  });

  it('round-trips through decodeGlobalID', () => {
    expect(decodeGlobalID(encodeGlobalID('Article', 77))).toEqual({ typename: 'Article', id: '77' });
  });
});
